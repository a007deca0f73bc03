import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { listRepresentedRequests } from '@/lib/requests/representatives';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'representatives.mine' });
  return { title: t('title') };
}

/** Art. 24: the requests I filed as someone's representative, and only those (never their data or other requests). */
export default async function RepresentationPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { subject } = await requireSubject();
  const [t, tr, ts, format] = await Promise.all([
    getTranslations('representatives'),
    getTranslations('requests'),
    getTranslations('requestState'),
    getFormatter(),
  ]);
  const rows = subject ? await listRepresentedRequests(getDb(), subject.id) : [];
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="max-w-3xl space-y-2">
          <h1 className="text-2xl font-bold">{t('mine.title')}</h1>
          <p className="text-slate-700">{t('mine.lead')}</p>
        </div>
        <Link href="/me/representation/new" className="btn-primary">
          {t('mine.new')}
        </Link>
      </header>
      {rows.length === 0 ? (
        <p className="text-slate-700">{t('mine.none')}</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((row) => (
            <li key={row.id} className="card">
              <Link href={`/me/representation/${row.id}`} className="font-semibold">
                {tr('reference', { reference: row.reference })}: {tr(`types.${row.type}.title`)}
              </Link>
              <dl className="mt-1 grid gap-x-4 gap-y-1 text-sm text-slate-700 sm:grid-cols-[max-content_1fr]">
                <dt>{t('mine.person')}</dt>
                <dd>{row.representedName ?? '—'}</dd>
                <dt>{t('mine.state')}</dt>
                <dd>{ts(row.state)}</dd>
                <dt>{t('mine.authority')}</dt>
                <dd>{t(`authority.${row.authority}`)}</dd>
                <dt>{t('mine.dueAt')}</dt>
                <dd>{format.dateTime(row.dueAt, { dateStyle: 'long' })}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
