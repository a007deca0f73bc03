import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { DeadlineBadge } from '@/components/deadline-badge';
import { getDb } from '@/db';
import { loadWorkingCalendar } from '@/lib/deadlines/policy';
import { listQueueStaff } from '@/db/queries/staff';
import { findStaffRequest } from '@/db/queries/staff-requests';
import { isOpenState } from '@/db/schema/requests';
import { Link } from '@/i18n/link';
import { requestTypeTable } from '@/lib/requests/types';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { refusalReasonCodes, refusalTemplates } from '@/lib/backoffice/refusal-templates';
import { recordRequestView } from '@/lib/backoffice/views';
import { deadlineStatus } from '@/lib/deadlines/status';
import { isUuid } from '@/lib/ids';
import { maskValue } from '@/lib/mask';
import {
  assignAction,
  executeAction,
  extendAction,
  messageAction,
  noteAction,
  refuseAction,
  requestInfoAction,
  takeAction,
} from './actions';
import { RefusalFields } from './refusal-fields';
import { localePath } from '@/i18n/paths';

type Props = { params: Promise<{ locale: Locale; id: string }>; searchParams: Promise<{ notice?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.queue' });
  return { title: t('title') };
}

/** A request as staff work it. Opening it is a view of the subject's data, and is audited. */
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

  const [t, te, tt, ts, tr, trr, format, calendar, people] = await Promise.all([
    getTranslations('backoffice.request'),
    getTranslations('backoffice.events'),
    getTranslations('requestType'),
    getTranslations('requestState'),
    getTranslations('roles'),
    getTranslations('requests.refusalReasons'),
    getFormatter(),
    loadWorkingCalendar(db),
    listQueueStaff(db),
  ]);
  const { notice } = await searchParams;
  const open = isOpenState(request.state);
  const canWork = open && can(staff.role, 'requests.work');
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'long', timeStyle: 'short' });
  const hidden = (
    <>
      <input type="hidden" name="requestId" value={request.id} />
      <input type="hidden" name="version" value={request.version} />
    </>
  );
  const documents = (eventId: number) => detail.attachments.filter((a) => a.eventId === eventId);
  const definition = requestTypeTable[request.type];
  const panel = definition.panel(request.state);
  const textarea = (name: string, label: string, help?: string, required = true) => (
    <label className="block space-y-1 text-sm">
      <span className="block font-medium">{label}</span>
      {help && <span className="block text-slate-600">{help}</span>}
      <textarea name={name} rows={3} maxLength={4000} required={required} className="field-input" />
    </label>
  );

  return (
    <div className="space-y-6">
      <p>
        <Link href="/admin/requests">← {t('back')}</Link>
      </p>
      {(notice === 'stale' || notice === 'notOpen') && (
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
              <dd>{subject.locale}</dd>
            </dl>
          </section>

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
                {t('consentsTitle')}: {c.purposeName[locale]} ({c.state})
                {c.lock && (
                  <span className="block text-amber-900">{t('locked', { reason: c.lockReason?.[locale] ?? '' })}</span>
                )}
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

          <section aria-labelledby="timeline" className="card">
            <h2 id="timeline" className="mb-3 text-lg font-semibold">
              {t('timelineTitle')}
            </h2>
            <ol className="space-y-3 text-sm">
              {detail.events.map(({ event, actorName, actorEmail }) => (
                <li
                  key={event.id}
                  className={`rounded p-2 ${event.visibility === 'internal' ? 'bg-amber-50' : event.actorRole === 'subject' ? 'bg-brand-50' : 'bg-slate-50'}`}
                >
                  <p className="text-slate-600">
                    {dateTime(event.at)} ·{' '}
                    {event.actorRole === 'subject' ? t('subjectActor') : (actorName ?? actorEmail ?? t('system'))}
                    {event.actorRole && event.actorRole !== 'subject' && ` (${tr(event.actorRole)})`} · {te(event.kind)}
                    {event.toState && ` → ${ts(event.toState)}`}
                    {event.visibility === 'internal' && (
                      <span className="ml-2 rounded bg-amber-200 px-1 text-xs">{t('internal')}</span>
                    )}
                  </p>
                  {event.body && <p className="whitespace-pre-wrap">{event.body}</p>}
                  {documents(event.id).length > 0 && (
                    <ul className="mt-1">
                      {documents(event.id).map((a) => (
                        <li key={a.id}>
                          {a.erasedAt ? (
                            t('erased', { name: a.fileName })
                          ) : (
                            <a href={localePath(locale, `/admin/requests/${request.id}/attachments/${a.id}`)}>
                              {a.fileName}
                            </a>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </section>
        </div>

        <aside className="space-y-4">
          {!open && <p className="card text-sm">{t('closed')}</p>}
          {canWork && request.assigneeId !== staff.id && (
            <ActionForm action={takeAction} className="card space-y-2">
              {hidden}
              <SubmitButton label={t('take')} pendingLabel={t('take')} />
            </ActionForm>
          )}
          {open && can(staff.role, 'requests.assign') && (
            <ActionForm action={assignAction} className="card space-y-2">
              {hidden}
              <label className="block space-y-1 text-sm">
                <span className="block font-medium">{t('assignTo')}</span>
                <select name="assigneeId" defaultValue={request.assigneeId ?? ''} className="field-input">
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name ?? p.email}
                    </option>
                  ))}
                </select>
              </label>
              <SubmitButton label={t('assign')} pendingLabel={t('assign')} className="btn-secondary py-1.5" />
            </ActionForm>
          )}
          {canWork && (
            <ActionForm action={executeAction} className="card space-y-2 border-emerald-300">
              <h2 className="font-semibold">{t('executeTitle')}</h2>
              <p className="text-sm text-slate-600">{t(`executeHelp.${panel.help}`)}</p>
              {hidden}
              {textarea('outcome', t('outcome'), t('outcomeHelp'), panel.outcomeRequired)}
              {panel.buttons.length === 1 && panel.buttons[0]!.decision === null ? (
                <SubmitButton label={t(panel.buttons[0]!.label)} pendingLabel={t('execute')} />
              ) : (
                <div className="flex flex-wrap gap-2">
                  {panel.buttons.map((button, i) => (
                    <button
                      key={button.label}
                      type="submit"
                      name="decision"
                      value={button.decision ?? ''}
                      className={i === 0 ? 'btn-primary' : 'btn-secondary py-2'}
                    >
                      {t(button.label)}
                    </button>
                  ))}
                </div>
              )}
            </ActionForm>
          )}
          {canWork && (
            <ActionForm action={refuseAction} className="card space-y-2 border-red-200">
              <h2 className="font-semibold">{t('refuseTitle')}</h2>
              <p className="text-sm text-slate-600">{t('refuseHelp')}</p>
              {hidden}
              <RefusalFields
                reasons={refusalReasonCodes.map((code) => ({ code, label: trr(code) }))}
                templates={Object.fromEntries(
                  refusalReasonCodes.map((code) => [
                    code,
                    {
                      legalBasis: refusalTemplates[code].legalBasis[subject.locale],
                      text: refusalTemplates[code].text[subject.locale],
                    },
                  ]),
                )}
                labels={{ reason: t('reason'), legalBasis: t('legalBasis'), text: t('refusalText') }}
              />
              <SubmitButton label={t('refuse')} pendingLabel={t('refuse')} className="btn-secondary py-2" />
            </ActionForm>
          )}
          {canWork && (
            <ActionForm action={messageAction} className="card space-y-2">
              <input type="hidden" name="requestId" value={request.id} />
              {textarea('body', t('messageTitle'), t('messageHelp'))}
              <SubmitButton label={t('send')} pendingLabel={t('send')} className="btn-secondary py-1.5" />
            </ActionForm>
          )}
          {canWork && request.state !== 'AWAITING_INFO' && (
            <ActionForm action={requestInfoAction} className="card space-y-2">
              {hidden}
              {textarea('body', t('infoTitle'), t('infoHelp'))}
              <SubmitButton label={t('askInfo')} pendingLabel={t('askInfo')} className="btn-secondary py-1.5" />
            </ActionForm>
          )}
          {open && can(staff.role, 'deadlines.extend') && (
            <section className="card space-y-2">
              <h2 className="font-semibold">{t('extendTitle')}</h2>
              {(detail.maxExtension ?? 0) === 0 ? (
                <p className="text-sm text-slate-600">{t('extendNotAllowed')}</p>
              ) : (
                <ActionForm action={extendAction} className="space-y-2">
                  {hidden}
                  <label className="block space-y-1 text-sm">
                    <span className="block font-medium">{t('extendDays', { max: detail.maxExtension ?? 0 })}</span>
                    <input
                      name="workingDays"
                      type="number"
                      min={1}
                      max={detail.maxExtension ?? 0}
                      required
                      className="field-input"
                    />
                  </label>
                  {textarea('reason', t('extendReason'))}
                  <SubmitButton label={t('extend')} pendingLabel={t('extend')} className="btn-secondary py-1.5" />
                </ActionForm>
              )}
            </section>
          )}
          {can(staff.role, 'requests.work') && (
            <ActionForm action={noteAction} className="card space-y-2 bg-amber-50/50">
              <input type="hidden" name="requestId" value={request.id} />
              {textarea('body', t('noteTitle'), t('noteHelp'))}
              <SubmitButton label={t('addNote')} pendingLabel={t('addNote')} className="btn-secondary py-1.5" />
            </ActionForm>
          )}
        </aside>
      </div>
    </div>
  );
}
