import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { listDeadlinePolicies } from '@/db/queries/deadlines';
import { requestTypes } from '@/db/schema/requests';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { getOperatorProfile } from '@/lib/operator';
import { findRequestOffer } from '@/lib/requests/offer';
import { slugOf, whyNotOffered } from '@/lib/requests/types';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'requests' });
  return { title: t('newTitle') };
}

/**
 * The seven things a subject may ask for, each with its deadline from the policy table. Someone the
 * operator holds no data about is told so, and offered what still makes sense (`whyNotOffered`):
 * the rest are listed with the reason they do not apply, never as forms with nothing to pick.
 */
export default async function NewRequestPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { subject } = await requireSubject();
  const db = getDb();
  const [t, tr, policies, { held }, operator] = await Promise.all([
    getTranslations('requests'),
    getTranslations('representatives'),
    listDeadlinePolicies(db),
    findRequestOffer(db, subject?.id ?? null),
    getOperatorProfile(),
  ]);
  const offered = requestTypes.filter((type) => whyNotOffered(type, held) === null);
  const notOffered = requestTypes.flatMap((type) => {
    const reason = whyNotOffered(type, held);
    return reason ? [{ type, reason }] : [];
  });
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t('newTitle')}</h1>
        <p className="text-slate-700">{t('newLead')}</p>
      </header>
      {held.items === 0 && (
        <section aria-labelledby="nothing-held" className="rounded border border-brand-100 bg-brand-50 p-4">
          <h2 id="nothing-held" className="font-semibold">
            {t('nothingHeldTitle')}
          </h2>
          <p className="text-slate-700">{t('nothingHeldLead', { operator: operator?.name[locale] ?? '' })}</p>
        </section>
      )}
      <ul className="grid gap-3 sm:grid-cols-2">
        {offered.map((type) => (
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
      {notOffered.length > 0 && (
        <section aria-labelledby="not-offered" className="space-y-2">
          <h2 id="not-offered" className="text-lg font-semibold">
            {t('notOfferedTitle')}
          </h2>
          <ul className="space-y-2">
            {notOffered.map(({ type, reason }) => (
              <li key={type} className="rounded border border-slate-200 p-3">
                <span className="block font-medium text-slate-700">{t(`types.${type}.title`)}</span>
                <span className="block text-sm text-slate-600">{t(`form.${reason}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {/* Art. 24: a parent, guardian or holder of a power of attorney files for the person they represent. */}
      <p>
        <Link href="/me/representation/new">{tr('mine.new')}</Link>
      </p>
    </div>
  );
}
