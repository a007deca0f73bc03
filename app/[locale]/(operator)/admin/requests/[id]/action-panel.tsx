import { getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { StaffSelect } from '@/components/staff-select';
import { getDb } from '@/db';
import { listQueueStaff } from '@/db/queries/staff';
import type { StaffRequestDetail } from '@/db/queries/staff-requests';
import { isOpenState } from '@/db/schema/requests';
import { can } from '@/lib/auth/permissions';
import type { StaffUser } from '@/lib/auth/session';
import { refusalReasonCodes, refusalTemplates } from '@/lib/backoffice/refusal-templates';
import { requestTypeTable } from '@/lib/requests/types';
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

/**
 * What this staff member may do with the request now, beside it: take, assign, execute (as the
 * request type's definition says for this state), refuse with reasons, write, ask for information,
 * extend, note. Each action checks the role again on the server.
 */
export async function ActionPanel({
  detail,
  staff,
  executed,
}: {
  detail: StaffRequestDetail;
  staff: StaffUser;
  executed: boolean;
}) {
  const { request, subject } = detail;
  const [t, trr, tl, people] = await Promise.all([
    getTranslations('backoffice.request'),
    getTranslations('requests.refusalReasons'),
    getTranslations('subjectLanguage'),
    listQueueStaff(getDb()),
  ]);
  const open = isOpenState(request.state);
  const canWork = open && can(staff.role, 'requests.work');
  const panel = requestTypeTable[request.type].panel(request.state);
  const hidden = (
    <>
      <input type="hidden" name="requestId" value={request.id} />
      <input type="hidden" name="version" value={request.version} />
    </>
  );
  const textarea = (name: string, label: string, help?: string, required = true) => (
    <label className="block space-y-1 text-sm">
      <span className="block font-medium">{label}</span>
      {help && <span className="block text-slate-600">{help}</span>}
      <textarea name={name} rows={3} maxLength={4000} required={required} className="field-input" />
    </label>
  );
  return (
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
            <StaffSelect people={people} defaultValue={request.assigneeId ?? ''} />
          </label>
          <SubmitButton label={t('assign')} pendingLabel={t('assign')} className="btn-secondary py-1.5" />
        </ActionForm>
      )}
      {executed && open && <p className="card text-sm">{t('errors.executing')}</p>}
      {canWork && !executed && (
        <ActionForm action={executeAction} className="card space-y-2 border-emerald-300">
          <h2 className="font-semibold">{t('executeTitle')}</h2>
          <p className="text-sm text-slate-600">{t(`executeHelp.${panel.help}`)}</p>
          {panel.buttons.some((button) => button.label === 'cannotCorrect') && (
            <p className="text-sm text-slate-600">{t('cannotCorrectHelp')}</p>
          )}
          {hidden}
          <input type="hidden" name="type" value={request.type} />
          {textarea('outcome', t('outcome'), t('outcomeHelp'), panel.outcomeRequired)}
          {panel.buttons.length === 1 && panel.buttons[0]!.decision === null ? (
            <SubmitButton label={t(panel.buttons[0]!.label)} pendingLabel={t('execute')} />
          ) : (
            <div className="flex flex-wrap gap-2">
              {panel.buttons.map((button, i) => (
                <SubmitButton
                  key={button.label}
                  name="decision"
                  value={button.decision ?? ''}
                  label={t(button.label)}
                  pendingLabel={t(button.label)}
                  className={i === 0 ? 'btn-primary' : 'btn-secondary py-2'}
                />
              ))}
            </div>
          )}
        </ActionForm>
      )}
      {canWork && !executed && (
        <ActionForm action={refuseAction} className="card space-y-2 border-red-200">
          <h2 className="font-semibold">{t('refuseTitle')}</h2>
          <p className="text-sm text-slate-600">{t('refuseHelp')}</p>
          {/* The refusal reaches the subject as typed: in their language, not the staff member's. */}
          <p className="text-sm font-medium">{tl('writeIn', { language: tl('name', { locale: subject.locale }) })}</p>
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
      {canWork && !executed && request.state !== 'AWAITING_INFO' && (
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
          ) : detail.request.dueAt <= new Date() ? (
            // An overdue request is not extended (lib/backoffice/work.ts, extendDeadline).
            <p className="text-sm text-slate-600">{t('errors.deadlinePassed')}</p>
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
  );
}
