import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { AUDIT_PAGE, searchAuditEvents } from '@/db/queries/audit';
import { parseAuditQuery } from '@/lib/audit/filters';
import { auditActions } from '@/db/schema/audit';
import { Link } from '@/i18n/link';
import { verifyAuditSeals } from '@/lib/audit/seals';
import { verifyAuditChain } from '@/lib/audit/verify';
import { env } from '@/lib/env';
import { requireStaff } from '@/lib/auth/session';
import { localePath } from '@/i18n/paths';
import { ScrollRegion } from '@/components/scroll-region';

type Props = {
  params: Promise<{ locale: Locale }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.audit' });
  return { title: t('title') };
}

/** For the dpo and the auditor: who did what with whose data, and whether the log is intact. */
export default async function AuditPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireStaff('audit.view');
  const { filters, before, verify, ignored } = parseAuditQuery(await searchParams);
  const db = getDb();
  const key = env().AUDIT_SEAL_KEY;
  const [t, ta, tr, tErrors, format, rows, chain, seals] = await Promise.all([
    getTranslations('compliance.audit'),
    getTranslations('activity.actions'),
    getTranslations('roles'),
    getTranslations('errors'),
    getFormatter(),
    searchAuditEvents(db, filters, { before: before ?? undefined }),
    verify ? verifyAuditChain(db) : Promise.resolve(null),
    // The chain alone does not see a rewrite by whoever can switch the triggers off: the seals do.
    verify && key ? verifyAuditSeals(db, key) : Promise.resolve(null),
  ]);
  const sealProblem = seals?.problems[0];
  const day = (value: string) => format.dateTime(new Date(`${value}T12:00:00+05:00`), { dateStyle: 'medium' });
  const filterQuery = new URLSearchParams(
    Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();

  return (
    <div className="space-y-5">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      {ignored.length > 0 && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {tErrors('filtersIgnored')}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Link
          href={`/admin/audit?${new URLSearchParams([...new URLSearchParams(filterQuery), ['verify', '1']])}`}
          className="btn-secondary"
        >
          {t('verify')}
        </Link>
        {chain && (
          <p
            role="status"
            className={`rounded px-3 py-1.5 text-sm font-medium ${chain.intact ? 'bg-emerald-100 text-emerald-900' : 'bg-red-100 text-red-900'}`}
          >
            {chain.intact ? t('intact', { count: chain.count }) : t('broken', { id: chain.firstBrokenId })}
          </p>
        )}
        {seals && (
          <p
            role="status"
            className={`rounded px-3 py-1.5 text-sm font-medium ${sealProblem ? 'bg-red-100 text-red-900' : 'bg-emerald-100 text-emerald-900'}`}
          >
            {sealProblem
              ? ['rewritten', 'event_missing'].includes(sealProblem.kind)
                ? t('sealsBroken', { date: day(sealProblem.day), id: sealProblem.lastEventId })
                : t('sealsForged', { date: day(sealProblem.day) })
              : seals.lastSealedDay
                ? t('sealsIntact', { count: seals.database, date: day(seals.lastSealedDay) })
                : t('sealsNone')}
          </p>
        )}
      </div>
      <form method="get" className="card grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-5">
        <label className="space-y-1">
          <span className="block font-medium">{t('subject')}</span>
          <input name="subject" defaultValue={filters.subject} className="field-input" />
        </label>
        <label className="space-y-1">
          <span className="block font-medium">{t('actor')}</span>
          <input name="actor" type="email" defaultValue={filters.actor} className="field-input" />
        </label>
        <label className="space-y-1">
          <span className="block font-medium">{t('action')}</span>
          <select name="action" defaultValue={filters.action ?? ''} className="field-input">
            <option value="">{t('anyAction')}</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {ta(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span className="block font-medium">{t('from')}</span>
          <input name="from" type="date" defaultValue={filters.from} className="field-input" />
        </label>
        <label className="space-y-1">
          <span className="block font-medium">{t('to')}</span>
          <input name="to" type="date" defaultValue={filters.to} className="field-input" />
        </label>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-5">
          <button type="submit" className="btn-primary py-1.5">
            {t('apply')}
          </button>
          <Link href="/admin/audit">{t('reset')}</Link>
          <a
            href={`${localePath(locale, '/admin/audit/export')}${filterQuery ? `?${filterQuery}` : ''}`}
            className="ml-auto"
            download
          >
            {t('export')}
          </a>
        </div>
      </form>
      {rows.length === 0 ? (
        <p className="text-slate-600">{t('none')}</p>
      ) : (
        <ScrollRegion label={t('title')} className="card -mx-4 sm:mx-0">
          <table className="w-full min-w-[880px] text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-slate-600">
                <th scope="col" className="py-1 pr-3 font-medium">
                  #
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t('when')}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t('who')}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t('what')}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t('about')}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t('why')}
                </th>
                <th scope="col" className="py-1 font-medium">
                  {t('client')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-b border-slate-100 align-top">
                  <td className="py-1 pr-3 font-mono text-xs">{row.id}</td>
                  <td className="py-1 pr-3 whitespace-nowrap">
                    {format.dateTime(row.at, { dateStyle: 'medium', timeStyle: 'medium' })}
                  </td>
                  <td className="py-1 pr-3">
                    {row.actorRole === 'system' ? t('system') : `${row.actorEmail ?? ''} (${tr(row.actorRole)})`}
                  </td>
                  <td className="py-1 pr-3">{ta(row.action)}</td>
                  <td className="py-1 pr-3">{row.subjectName ?? row.subjectEmail ?? ''}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{row.reason ?? row.entityId ?? ''}</td>
                  <td className="py-1 text-xs">
                    <span className="font-mono">{row.clientAddress ?? ''}</span>
                    {row.userAgent && (
                      <span className="block max-w-56 truncate text-slate-600" title={row.userAgent}>
                        {row.userAgent}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <nav className="flex gap-4 text-sm">
        {before !== null && <Link href={`/admin/audit${filterQuery ? `?${filterQuery}` : ''}`}>{t('newest')}</Link>}
        {rows.length === AUDIT_PAGE && (
          <Link
            href={`/admin/audit?${new URLSearchParams([...new URLSearchParams(filterQuery), ['before', String(rows.at(-1)!.id)]])}`}
          >
            {t('older')}
          </Link>
        )}
      </nav>
    </div>
  );
}
