import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { CancelRequestSection, RequestMessageForm } from '@/components/request-party-forms';
import { getDb } from '@/db';
import { findStatutoryDeadline } from '@/db/queries/deadlines';
import { findSubjectRequest, type SubjectRequestDetail } from '@/db/queries/subject-requests';
import { Link } from '@/i18n/link';
import { requireSubject } from '@/lib/auth/session';
import { workingCalendarOf } from '@/lib/deadlines/policy';
import { deadlineStatus } from '@/lib/deadlines/status';
import { isUuid } from '@/lib/ids';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { getOperatorProfile } from '@/lib/operator';
import { translatorFor } from '@/lib/i18n/translator';
import { describeRequestEvent } from '@/lib/requests/describe-event';
import { findSubjectExecution } from '@/lib/tasks/queries';
import { cancellableStates, isOpenState } from '@/db/schema/requests';
import { cancelRequestAction, sendMessageAction } from './actions';
import { FiledBy } from './filed-by';
import { PrintButton } from '@/components/print-button';
import { PrintHeader } from '@/components/print-header';
import { localePath } from '@/i18n/paths';
import { FocusedNotice } from '@/components/focused-notice';

type Props = { params: Promise<{ locale: Locale; id: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'requests' });
  return { title: t('title') };
}

/** My request: its status and deadline, what I asked, the answer, the timeline and our messages. */
export default async function MyRequestPage({ params, searchParams }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const { user, subject } = await requireSubject();
  if (!subject || !isUuid(id)) notFound();
  const detail = await findSubjectRequest(getDb(), subject.id, id);
  if (!detail) notFound();
  const [t, td, tp, ts, format, operator, statute, calendar] = await Promise.all([
    getTranslations('requests'),
    getTranslations('downloads'),
    getTranslations('print'),
    getTranslations('requestState'),
    getFormatter(),
    getOperatorProfile(),
    findStatutoryDeadline(getDb(), detail.request.type),
    workingCalendarOf(getDb()),
  ]);
  const { request } = detail;
  // Art. 25(2)(8): how far the operator's systems have carried it out; their names if the operator says so.
  const execution = await findSubjectExecution(getDb(), request.id, {
    withNames: operator?.showSystemNamesToSubjects ?? false,
  });
  const { filed } = parseSearchParams(await searchParams, { filed: param.flag() }).values;
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'long' });
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'long', timeStyle: 'short' });
  const isOpen = isOpenState(request.state);
  // In working days, as the Law counts (lib/deadlines): "3 working days left", "due today", overdue.
  const status = deadlineStatus(calendar, request.dueAt);
  const overdue = isOpen && status.kind === 'overdue';
  const term = t('deadlineTerm', { days: request.deadlineWorkingDays });
  const conversation = detail.events.filter((e) => e.kind === 'message' || e.kind === 'info_requested');
  const timeline = detail.events.filter((e) => e.kind !== 'message');

  const describe = translatorFor(locale);
  const eventLabel = (event: SubjectRequestDetail['events'][number]) => describeRequestEvent(describe, locale, event);
  const filedEventId = timeline.find((e) => e.kind === 'filed')?.id ?? null;
  const documents = (eventId: number | null) =>
    detail.attachments
      .filter((a) => a.eventId === eventId)
      .map((a) => (
        <li key={a.id}>
          {a.erasedAt ? (
            <span className="text-slate-500">{t('detail.erased', { name: a.fileName })}</span>
          ) : (
            <a href={localePath(locale, `/me/requests/${request.id}/attachments/${a.id}`)} download>
              {a.fileName}
            </a>
          )}{' '}
          <span className="text-xs text-slate-500">
            ({format.number(Math.max(1, Math.round(a.byteSize / 1024)))} KB)
          </span>
        </li>
      ));

  return (
    <div className="max-w-3xl space-y-6">
      <PrintHeader locale={locale} operator={operator} subjectName={subject.fullName ?? user.email} />
      <div className="flex flex-wrap items-center justify-between gap-3" data-no-print>
        <Link href="/me/requests">← {t('title')}</Link>
        <PrintButton label={tp('button')} />
      </div>
      {/* Only while it is still open: once cancelled, "registered" no longer says what it is. */}
      {filed && isOpen && (
        <FocusedNotice>
          {t('filedNotice', { reference: request.reference, date: date(request.dueAt) })} {term}
        </FocusedNotice>
      )}
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">
          {t('reference', { reference: request.reference })}: {t(`types.${request.type}.title`)}
        </h1>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500">{t('state')}</dt>
          <dd className="font-medium">{ts(request.state)}</dd>
          <dt className="text-slate-500">{t('registeredAt')}</dt>
          <dd>{dateTime(request.registeredAt)}</dd>
          {isOpen && (
            <>
              <dt className="text-slate-500">{t('dueAt')}</dt>
              <dd className={overdue ? 'font-semibold text-red-700' : ''}>
                {date(request.dueAt)}
                {' · '}
                {status.kind === 'overdue'
                  ? t('overdue')
                  : status.kind === 'dueToday'
                    ? t('dueToday')
                    : t('daysLeft', { count: status.workingDays })}
              </dd>
              <dd className="col-span-full text-slate-600">{term}</dd>
              {statute && (
                <dd className="col-span-full text-slate-600">
                  {t('deadlineSource', { source: statute.sourceLabel[locale] })}
                </dd>
              )}
            </>
          )}
          {request.completedAt && (
            <>
              <dt className="text-slate-500">{t('completedAt')}</dt>
              <dd>{dateTime(request.completedAt)}</dd>
            </>
          )}
        </dl>
        <FiledBy requestId={request.id} />
        {overdue && (
          <p className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">{t('overdueHelp')}</p>
        )}
        {isOpen && !overdue && <p className="text-sm text-slate-600">{t('afterDeadline')}</p>}
        {request.state === 'AWAITING_INFO' && (
          <p className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
            {t('detail.infoRequested')}
          </p>
        )}
      </header>

      <section aria-labelledby="asked" className="card space-y-2">
        <h2 id="asked" className="text-lg font-semibold">
          {t('detail.asked')}
        </h2>
        {/* A request that names nothing (an ACCESS without words of the subject's): what its type asks for. */}
        {detail.items.length === 0 && detail.consents.length === 0 && !detail.purpose && !request.description && (
          <p className="text-sm">{t(`types.${request.type}.help`)}</p>
        )}
        {detail.items.length > 0 && (
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {detail.items.map((item) => (
              <li key={item.id}>
                {item.dataItemId
                  ? `${item.categoryName[locale]}${item.proposedValue ? ` — ${t('detail.proposed', { value: item.proposedValue })}` : ''}`
                  : t('detail.supplement', { category: item.categoryName[locale], value: item.proposedValue ?? '' })}
              </li>
            ))}
          </ul>
        )}
        {detail.consents.length > 0 && (
          <p className="text-sm">
            {t('detail.consents')}: {detail.consents.map((c) => c.purposeName[locale]).join('; ')}
          </p>
        )}
        {detail.purpose && (
          <p className="text-sm">
            {t('detail.purpose')}: {detail.purpose.name[locale]}
          </p>
        )}
        {request.description && (
          <p className="whitespace-pre-wrap text-sm">
            <span className="text-slate-500">{t('detail.description')}: </span>
            {request.description}
          </p>
        )}
        {filedEventId !== null && <ul className="text-sm">{documents(filedEventId)}</ul>}
      </section>

      {execution.total > 0 && (
        <section aria-labelledby="execution" className="card space-y-2">
          <h2 id="execution" className="text-lg font-semibold">
            {t('detail.executionTitle')}
          </h2>
          <p>{t('detail.executedIn', { done: execution.done, total: execution.total })}</p>
          {execution.systems && (
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {execution.systems.map((system) => (
                <li key={system.name.en}>
                  {system.name[locale]}: {system.done ? t('detail.systemDone') : t('detail.systemPending')}
                </li>
              ))}
            </ul>
          )}
          {isOpen && <p className="text-sm text-slate-600">{t('detail.executionHelp')}</p>}
        </section>
      )}

      {/* The answer is given when the request is done everywhere (an executing request keeps it until then). */}
      {((request.outcome && !isOpen) || request.state === 'REFUSED') && (
        <section
          aria-labelledby="outcome"
          className={`card space-y-2 ${request.state === 'REFUSED' ? 'border-red-200' : 'border-emerald-200'}`}
        >
          <h2 id="outcome" className="text-lg font-semibold">
            {request.state === 'REFUSED' ? t('detail.refusalTitle', { type: request.type }) : t('detail.outcome')}
          </h2>
          {request.outcome && <p className="whitespace-pre-wrap">{request.outcome}</p>}
          {request.state === 'REFUSED' && (
            <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
              <dt className="text-slate-500">{t('detail.refusalReason')}</dt>
              <dd>{request.refusalReasonCode ? t(`refusalReasons.${request.refusalReasonCode as 'other'}`) : ''}</dd>
              <dt className="text-slate-500">{t('detail.refusalBasis')}</dt>
              <dd>{request.refusalLegalBasis}</dd>
              <dd className="whitespace-pre-wrap sm:col-span-2">{request.refusalText}</dd>
            </dl>
          )}
        </section>
      )}

      <section aria-labelledby="timeline" className="card">
        <h2 id="timeline" className="mb-3 text-lg font-semibold">
          {t('detail.timeline')}
        </h2>
        <ol className="space-y-2 border-l-2 border-slate-200 pl-4 text-sm">
          {timeline.map((event) => (
            <li key={event.id}>
              <span className="text-slate-500">{dateTime(event.at)}</span> — {eventLabel(event)}
              {event.kind !== 'info_requested' && event.body && (
                <p className="whitespace-pre-wrap text-slate-700">{event.body}</p>
              )}
              {/* The answer's documents, such as the ACCESS statement. */}
              {event.kind === 'executed' && <ul>{documents(event.id)}</ul>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="messages" className="card space-y-4">
        <h2 id="messages" className="text-lg font-semibold">
          {t('detail.messages')}
        </h2>
        {conversation.length === 0 && <p className="text-sm text-slate-600">{t('detail.noMessages')}</p>}
        <ul className="space-y-3">
          {conversation.map((event) => (
            <li
              key={event.id}
              className={`rounded p-3 text-sm ${event.actorRole === 'subject' ? 'ml-6 bg-brand-50' : 'mr-6 bg-slate-100'}`}
            >
              <p className="font-medium">
                {event.actorRole === 'subject'
                  ? t(event.details?.byRepresentative ? 'detail.fromRepresentative' : 'detail.fromYou')
                  : t('detail.fromOperator', { operator: operator?.name[locale] ?? '' })}{' '}
                <span className="font-normal text-slate-500">· {dateTime(event.at)}</span>
              </p>
              {event.body && <p className="whitespace-pre-wrap">{event.body}</p>}
              <ul>{documents(event.id)}</ul>
            </li>
          ))}
        </ul>
        {isOpen && <RequestMessageForm action={sendMessageAction} requestId={request.id} />}
      </section>

      <section aria-labelledby="downloads" className="card flex flex-wrap items-center gap-3" data-no-print>
        <h2 id="downloads" className="w-full text-base font-semibold sm:w-auto">
          {td('requestTitle')}
        </h2>
        {(
          [
            ['xlsx', 'requestXlsx'],
            ['csv', 'requestCsv'],
            ['json', 'requestJson'],
          ] as const
        ).map(([kind, label]) => (
          <a
            key={kind}
            href={localePath(locale, `/me/requests/${request.id}/export/${kind}`)}
            className="btn-secondary text-sm"
            download
          >
            {td(label)}
          </a>
        ))}
      </section>

      {(cancellableStates as readonly string[]).includes(request.state) && (
        <CancelRequestSection action={cancelRequestAction} requestId={request.id} version={request.version} />
      )}
    </div>
  );
}
