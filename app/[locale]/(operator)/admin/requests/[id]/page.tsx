import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { DeadlineBadge } from '@/components/deadline-badge';
import { getDb } from '@/db';
import { findStaffRequest } from '@/db/queries/staff-requests';
import { isOpenState } from '@/db/schema/requests';
import { Link } from '@/i18n/link';
import { localePath } from '@/i18n/paths';
import { requireStaff } from '@/lib/auth/session';
import { recordRequestView } from '@/lib/backoffice/views';
import { workingCalendarOf } from '@/lib/deadlines/policy';
import { deadlineStatus } from '@/lib/deadlines/status';
import { isUuid } from '@/lib/ids';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { maskValue } from '@/lib/mask';
import { requestTypeTable } from '@/lib/requests/types';
import { ActionPanel } from './action-panel';
import { RepresentativeSection } from './representative-section';
import { TasksSection } from './tasks-section';
import { Timeline } from './timeline';
import { listRequestTasks } from '@/lib/tasks/queries';

type Props = { params: Promise<{ locale: Locale; id: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.queue' });
  return { title: t('title') };
}

/**
 * A request as staff work it: who and what it concerns, its timeline (timeline.tsx) and what this
 * staff member may do with it (action-panel.tsx). Opening it is a view of the subject's data, and is audited.
 */
export default async function StaffRequestPage({ params, searchParams }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('requests.view');
  if (!isUuid(id)) notFound();
  const db = getDb();
  const detail = await findStaffRequest(db, id);
  if (!detail) notFound();
  const { request, subject } = detail;
  await db.transaction((tx) => recordRequestView(tx, staff, request));

  const [tasks, t, tt, ts, tc, tl, format, calendar] = await Promise.all([
    listRequestTasks(db, request.id),
    getTranslations('backoffice.request'),
    getTranslations('requestType'),
    getTranslations('requestState'),
    getTranslations('consents.states'),
    getTranslations('subjectLanguage'),
    getFormatter(),
    workingCalendarOf(db),
  ]);
  const { notice } = parseSearchParams(await searchParams, { notice: param.oneOf(['stale', 'notOpen']) }).values;
  const open = isOpenState(request.state);
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'long', timeStyle: 'short' });
  const definition = requestTypeTable[request.type];

  return (
    <div className="space-y-6">
      <p>
        <Link href="/admin/requests">← {t('back')}</Link>
      </p>
      {notice && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t(`errors.${notice}`)}
        </p>
      )}
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">
          {t('title', { reference: request.reference })}: {tt(request.type)}
        </h1>
        <p className="flex flex-wrap items-center gap-3 text-sm">
          <span className="font-semibold">{ts(request.state)}</span>
          <span>
            {dateTime(request.registeredAt)} → {dateTime(request.dueAt)}
          </span>
          {open && <DeadlineBadge status={deadlineStatus(calendar, request.dueAt)} />}
          {detail.deadlineSource && <span>{t('deadlineSource', { source: detail.deadlineSource[locale] })}</span>}
          <span>
            {t('channel')}: {t(`channels.${request.channel}`)}
          </span>
          <span>
            {t('assignee')}: {detail.assigneeName ?? detail.assigneeEmail ?? t('unassigned')}
          </span>
        </p>
      </header>

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-6">
          <section aria-labelledby="subject" className="card">
            <h2 id="subject" className="mb-2 text-lg font-semibold">
              {t('subjectTitle')}
            </h2>
            <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
              <dt className="text-slate-500">{t('subjectTitle')}</dt>
              <dd>{subject.fullName ?? '—'}</dd>
              {subject.email && (
                <>
                  <dt className="text-slate-500">{t('email')}</dt>
                  <dd>{subject.email}</dd>
                </>
              )}
              {subject.phone && (
                <>
                  <dt className="text-slate-500">{t('phone')}</dt>
                  <dd>{subject.phone}</dd>
                </>
              )}
              {subject.iin && (
                <>
                  <dt className="text-slate-500">{t('iin')}</dt>
                  <dd className="font-mono">{maskValue(subject.iin)}</dd>
                </>
              )}
              <dt className="text-slate-500">{t('locale')}</dt>
              <dd>{tl('name', { locale: subject.locale })}</dd>
            </dl>
            {detail.heldItems === 0 && (
              <p role="note" className="mt-2 rounded bg-slate-50 p-2 text-sm text-slate-700">
                {t('nothingHeld')}
              </p>
            )}
          </section>

          <RepresentativeSection request={request} staff={staff} />

          <section aria-labelledby="items" className="card">
            <h2 id="items" className="mb-2 text-lg font-semibold">
              {t('itemsTitle')}
            </h2>
            {detail.items.length === 0 ? (
              <p className="text-sm text-slate-600">{definition.scope === 'items' ? t('allItems') : '—'}</p>
            ) : (
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-slate-200 text-slate-600">
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t('category')}
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t('current')}
                    </th>
                    {definition.showsProposedValues && (
                      <th scope="col" className="py-1 font-medium">
                        {t('proposed')}
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {detail.items.map((item) => (
                    <tr key={item.id} className="border-b border-slate-100 align-top">
                      <td className="py-1 pr-3">{item.categoryName[locale]}</td>
                      <td className="py-1 pr-3 break-words">
                        {!item.dataItemId ? (
                          <em>{t('supplement')}</em>
                        ) : item.itemState === 'destroyed' ? (
                          <em>{t('destroyed')}</em>
                        ) : (
                          item.currentValue
                        )}
                        {item.itemState === 'blocked' && <span className="ml-1 text-amber-800">({t('blocked')})</span>}
                      </td>
                      {definition.showsProposedValues && (
                        <td className="py-1 break-words font-medium">{item.proposedValue}</td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {detail.consents.map((c) => (
              <p key={c.id + c.purposeName.en} className="mt-2 text-sm">
                {t('consentLine', { purpose: c.purposeName[locale], state: tc(c.state) })}
                {c.lock && (
                  <span className="block text-amber-900">{t('locked', { reason: c.lockReason?.[locale] ?? '' })}</span>
                )}
                {/* ISO/IEC TS 27560: the consent's evidence; opening it is audited (the route). */}
                <span className="block space-x-3">
                  <a href={localePath(locale, `/admin/consents/${c.id}/record`)} download>
                    {t('consentRecordPdf')}
                  </a>
                  <a href={localePath(locale, `/admin/consents/${c.id}/record?format=jsonld`)} download>
                    {t('consentRecordJsonld')}
                  </a>
                </span>
              </p>
            ))}
            {detail.purpose && (
              <p className="mt-2 text-sm">
                {t('purposeTitle')}: {detail.purpose.name[locale]}
              </p>
            )}
            {request.description && (
              <div className="mt-3 text-sm">
                <p className="text-slate-500">{t('descriptionTitle')}</p>
                <p className="whitespace-pre-wrap">{request.description}</p>
              </div>
            )}
          </section>

          <TasksSection requestId={request.id} tasks={tasks} staff={staff} locale={locale} />

          <Timeline detail={detail} locale={locale} />
        </div>

        {/* Executed in the portal: the data changed; what is left is its tasks in the systems (lib/tasks). */}
        <ActionPanel
          detail={detail}
          staff={staff}
          executed={request.state === 'EXECUTING' || (request.state !== 'DATA_BLOCKED' && tasks.length > 0)}
        />
      </div>
    </div>
  );
}
