import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { listDeadlinePolicies } from '@/db/queries/deadlines';
import { requestTypes } from '@/db/schema/requests';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { slugOf } from '@/lib/requests/types';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'requests' });
  return { title: t('newTitle') };
}

/** The seven things a subject may ask for, each with its deadline from the policy table. */
export default async function NewRequestPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireSubject();
  const [t, tr, policies] = await Promise.all([
    getTranslations('requests'),
    getTranslations('representatives'),
    listDeadlinePolicies(getDb()),
  ]);
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t('newTitle')}</h1>
        <p className="text-slate-700">{t('newLead')}</p>
      </header>
      <ul className="grid gap-3 sm:grid-cols-2">
        {requestTypes.map((type) => (
          <li key={type}>
            <Link
              href={`/me/requests/new/${slugOf(type)}`}
              className="card block h-full no-underline hover:border-brand-600 hover:no-underline"
            >
              <span className="block font-semibold text-brand-800">{t(`types.${type}.title`)}</span>
              <span className="mt-1 block text-sm text-slate-700">{t(`types.${type}.help`)}</span>
              <span className="mt-2 block text-sm font-medium text-slate-600">
                {t('deadline', { days: policies.find((p) => p.code === type)?.workingDays ?? 1 })}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {/* Art. 24: a parent, guardian or holder of a power of attorney files for the person they represent. */}
      <p>
        <Link href="/me/representation/new">{tr('mine.new')}</Link>
      </p>
    </div>
  );
}
