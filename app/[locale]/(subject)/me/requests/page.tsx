import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { listSubjectRequests } from '@/db/queries/subject-requests';
import { isOpenState } from '@/db/schema/requests';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { getOperatorProfile } from '@/lib/operator';
import { localePath } from '@/i18n/paths';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'requests' });
  return { title: t('title') };
}

export default async function MyRequestsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { subject } = await requireSubject();
  const [t, td, tm, tr, ts, format, operator] = await Promise.all([
    getTranslations('requests'),
    getTranslations('downloads'),
    getTranslations('me'),
    getTranslations('representatives'),
    getTranslations('requestState'),
    getFormatter(),
    getOperatorProfile(),
  ]);
  const rows = subject ? await listSubjectRequests(getDb(), subject.id) : [];
  const now = new Date();

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-2">
          <h1 className="text-2xl font-bold">{t('title')}</h1>
          <p className="text-slate-700">{t('lead', { operator: operator?.name[locale] ?? '' })}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {/* Art. 24: also for a parent the operator holds nothing about. */}
          <Link href="/me/representation" className="btn-secondary">
            {tr('mine.title')}
          </Link>
          {/* Also for someone the operator holds nothing about: they may ask for its formal answer. */}
          <Link href="/me/requests/new" className="btn-primary">
            {t('new')}
          </Link>
        </div>
      </header>
      {rows.length > 0 && (
        <section aria-labelledby="downloads" className="card flex flex-wrap items-center gap-3" data-no-print>
          <h2 id="downloads" className="w-full text-base font-semibold sm:w-auto">
            {td('requestsTitle')}
          </h2>
          {(
            [
              ['xlsx', 'requestsXlsx'],
              ['csv', 'requestsCsv'],
              ['json', 'requestsJson'],
            ] as const
          ).map(([kind, label]) => (
            <a
              key={kind}
              href={localePath(locale, `/me/requests/export/${kind}`)}
              className="btn-secondary text-sm"
              download
            >
              {td(label)}
            </a>
          ))}
          <p className="w-full text-xs text-slate-500">
            {td('spreadsheetNote')} {tm('downloadsNote')}
          </p>
        </section>
      )}
      {rows.length === 0 ? (
        <p className="text-slate-700">{t('none')}</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((request) => {
            const open = isOpenState(request.state);
            const overdue = open && request.dueAt < now;
            return (
              <li key={request.id} className="card">
                <Link href={`/me/requests/${request.id}`} className="font-semibold">
                  {t('reference', { reference: request.reference })}: {t(`types.${request.type}.title`)}
                </Link>
                <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
                  <span>
                    {t('state')}: {ts(request.state)}
                  </span>
                  <span>
                    {t('registeredAt')}: {format.dateTime(request.registeredAt, { dateStyle: 'long' })}
                  </span>
                  {open ? (
                    <span className={overdue ? 'font-semibold text-red-700' : ''}>
                      {t('dueAt')}: {format.dateTime(request.dueAt, { dateStyle: 'long' })}
                      {overdue && ` · ${t('overdue')}`}
                    </span>
                  ) : (
                    request.completedAt && (
                      <span>
                        {t('completedAt')}: {format.dateTime(request.completedAt, { dateStyle: 'long' })}
                      </span>
                    )
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
