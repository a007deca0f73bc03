import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { StaffSelect } from '@/components/staff-select';
import { DeadlineBadge } from '@/components/deadline-badge';
import { getDb } from '@/db';
import { workingCalendarOf } from '@/lib/deadlines/policy';
import { countQueue, findQueueMatches, findQueuePage, queueSorts } from '@/db/queries/queue';
import { parseQueueQuery } from '@/lib/backoffice/queue-filters';
import { kazakhstanToday } from '@/lib/deadlines/due';
import { listQueueStaff } from '@/db/queries/staff';
import { isOpenState, requestStates, requestTypes } from '@/db/schema/requests';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { deadlineStatus } from '@/lib/deadlines/status';
import { findExecutionProgress } from '@/lib/tasks/queries';
import { assignSelectedAction } from './actions';
import { localePath } from '@/i18n/paths';

type Props = {
  params: Promise<{ locale: Locale }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.queue' });
  return { title: t('title') };
}

/** The queue: every request with its deadline standing, filtered and searched from the URL. */
export default async function QueuePage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('requests.view');
  const query = await searchParams;
  const { filters, after, before, searchTooShort, ignored } = parseQueueQuery(query);
  const db = getDb();
  const today = kazakhstanToday();
  // A partial search's matches are found once, for the page and its count: the page's window of
  // them and their number (db/queries/queue.ts).
  const matches = await findQueueMatches(db, filters, { staffId: staff.id, today, page: { after, before } });
  const [t, te, tt, ts, tErrors, format, page, total, calendar, people] = await Promise.all([
    getTranslations('backoffice.queue'),
    getTranslations('backoffice.request.errors'),
    getTranslations('requestType'),
    getTranslations('requestState'),
    getTranslations('errors'),
    getFormatter(),
    findQueuePage(db, filters, { today, staffId: staff.id, after, before, matches }),
    countQueue(db, filters, { today, staffId: staff.id, matches }),
    workingCalendarOf(db),
    listQueueStaff(db),
  ]);
  const canAssign = can(staff.role, 'requests.assign');
  const canExportNames = can(staff.role, 'requests.export_names');
  // "Executed in 2 of 3 systems": one aggregate query for the page's executed requests, not one a row.
  const progress = await findExecutionProgress(
    db,
    page.rows.filter((row) => row.state === 'EXECUTING' || row.state === 'IN_PROGRESS').map((row) => row.id),
  );
  const filterQuery = new URLSearchParams(
    Object.entries({
      type: filters.type ?? '',
      state: filters.state === 'open' ? '' : filters.state,
      assignee: filters.assignee ?? '',
      overdue: filters.overdue ? '1' : '',
      dueToday: filters.dueToday ? '1' : '',
      q: filters.q,
      sort: filters.sort === 'due' ? '' : filters.sort,
    }).filter(([, v]) => v),
  ).toString();
  const pageLink = (cursor: [string, string] | null) =>
    `/admin/requests?${new URLSearchParams([...new URLSearchParams(filterQuery), ...(cursor ? [cursor] : [])])}`;
  const exportLink = (path: string) => `${localePath(locale, path)}${filterQuery ? `?${filterQuery}` : ''}`;
  const now = new Date();
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });

  const table = (
    <div className="-mx-4 overflow-x-auto px-4">
      <table className="data-table min-w-[720px]">
        <thead>
          <tr>
            {canAssign && <td className="w-8 pr-0" />}
            <th scope="col">{t('reference')}</th>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('subject')}</th>
            <th scope="col">{t('registered')}</th>
            <th scope="col">{t('due')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('assignee')}</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((row) => {
            const open = isOpenState(row.state);
            return (
              // Keyed by the reference (unique, and a third of an id's length in the payload).
              <tr key={row.reference}>
                {canAssign && (
                  <td className="pr-0">
                    <input
                      type="checkbox"
                      name="requestIds"
                      value={row.id}
                      aria-label={t('select', { reference: row.reference })}
                    />
                  </td>
                )}
                <td className="font-mono whitespace-nowrap">
                  <Link href={`/admin/requests/${row.id}`}>{row.reference}</Link>
                </td>
                <td>{tt(row.type)}</td>
                <td>{row.subjectName}</td>
                <td className="whitespace-nowrap">{dateTime(row.registeredAt)}</td>
                <td>
                  <span className="block whitespace-nowrap">{dateTime(row.dueAt)}</span>
                  {open && <DeadlineBadge status={deadlineStatus(calendar, row.dueAt, now)} />}
                </td>
                <td>
                  {ts(row.state)}
                  {progress.has(row.id) && (
                    <span className="block text-xs text-slate-600">
                      {t('executedIn', { done: progress.get(row.id)!.done, total: progress.get(row.id)!.total })}
                    </span>
                  )}
                </td>
                <td>{row.assigneeName ?? row.assigneeEmail ?? t('nobody')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );

  return (
    <div className="space-y-5">
      {query.notice === 'notOpen' && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {te('notOpen')}
        </p>
      )}
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      {ignored.length > 0 && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {tErrors('filtersIgnored')}
        </p>
      )}
      {searchTooShort && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t('searchTooShort')}
        </p>
      )}

      <form method="get" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={t('filtersTitle')}>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t('type')}</span>
          <select name="type" defaultValue={filters.type ?? ''} className="field-input">
            <option value="">{t('anyType')}</option>
            {requestTypes.map((type) => (
              <option key={type} value={type}>
                {tt(type)}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t('state')}</span>
          <select name="state" defaultValue={filters.state === 'open' ? '' : filters.state} className="field-input">
            <option value="">{t('open')}</option>
            <option value="all">{t('all')}</option>
            {requestStates.map((state) => (
              <option key={state} value={state}>
                {ts(state)}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t('assignee')}</span>
          <select name="assignee" defaultValue={filters.assignee ?? ''} className="field-input">
            <option value="">{t('anyone')}</option>
            <option value="me">{t('me')}</option>
            <option value="none">{t('unassigned')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name ?? p.email}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t('search')}</span>
          <input
            name="q"
            type="search"
            defaultValue={filters.q}
            placeholder={t('searchHelp')}
            title={t('searchHelp')}
            className="field-input"
          />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t('sort')}</span>
          <select name="sort" defaultValue={filters.sort} className="field-input">
            {queueSorts.map((sort) => (
              <option key={sort} value={sort}>
                {t(`sorts.${sort}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="flex flex-wrap items-center gap-4 text-sm sm:col-span-2 lg:col-span-4">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="overdue" value="1" defaultChecked={filters.overdue} className="size-4" />
            {t('overdue')}
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="dueToday" value="1" defaultChecked={filters.dueToday} className="size-4" />
            {t('dueToday')}
          </label>
          <button type="submit" className="btn-primary py-1.5">
            {t('apply')}
          </button>
          <Link href="/admin/requests">{t('reset')}</Link>
          <span className="ml-auto flex flex-wrap gap-4">
            <a href={exportLink('/admin/requests/export')} download title={t('exportNote')}>
              {t('export')}
            </a>
            {canExportNames && (
              <a href={exportLink('/admin/requests/export/names')} download title={t('exportNamesNote')}>
                {t('exportNames')}
              </a>
            )}
          </span>
        </div>
        {canExportNames && <p className="text-xs text-slate-600 sm:col-span-2 lg:col-span-4">{t('exportNamesNote')}</p>}
      </form>

      <p className="text-sm text-slate-600">
        {total.more ? t('totalMore', { count: total.count }) : t('total', { count: total.count })}
      </p>

      {page.rows.length === 0 ? (
        <p className="text-slate-600">{t('none')}</p>
      ) : canAssign ? (
        <ActionForm action={assignSelectedAction} className="card space-y-3">
          {table}
          <div className="flex flex-wrap items-end gap-2">
            <label className="space-y-1 text-sm">
              <span className="block font-medium">{t('assignSelected')}</span>
              <StaffSelect people={people} />
            </label>
            <SubmitButton label={t('assign')} pendingLabel={t('assign')} className="btn-secondary py-2" />
          </div>
        </ActionForm>
      ) : (
        <div className="card">{table}</div>
      )}

      <nav className="flex gap-4 text-sm" aria-label={t('pages')}>
        {(page.prev || ((after || before) && page.rows.length === 0)) && (
          <Link href={pageLink(null)}>{t('first')}</Link>
        )}
        {page.prev && <Link href={pageLink(['before', page.prev])}>{t('previous')}</Link>}
        {page.next && <Link href={pageLink(['after', page.next])}>{t('next')}</Link>}
      </nav>
    </div>
  );
}
