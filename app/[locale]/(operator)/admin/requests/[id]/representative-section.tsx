import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import type { Request } from '@/db/schema/requests';
import { isOpenState } from '@/db/schema/requests';
import { can } from '@/lib/auth/permissions';
import type { StaffUser } from '@/lib/auth/session';
import { findRepresentative } from '@/lib/requests/representatives';
import { confirmAuthorityAction } from './actions';

/**
 * Art. 10(2), 24: who filed the request for the subject, and staff's check of their authority.
 * Until it is confirmed the request is neither executed nor refused on its merits (lib/backoffice/execute.ts).
 */
export async function RepresentativeSection({ request, staff }: { request: Request; staff: StaffUser }) {
  const representative = await findRepresentative(getDb(), request.id);
  if (!representative) return null;
  const [t, format] = await Promise.all([getTranslations('representatives'), getFormatter()]);
  const pending = representative.authority === 'unverified';
  const canVerify = pending && isOpenState(request.state) && can(staff.role, 'requests.work');
  return (
    <section aria-labelledby="representative" className="card space-y-3 border-amber-300">
      <h2 id="representative" className="text-lg font-semibold">
        {t('staff.title')}
      </h2>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-500">{t('staff.name')}</dt>
        <dd>{representative.fullName}</dd>
        <dt className="text-slate-500">{t('staff.relationship')}</dt>
        <dd>{t(`relationships.${representative.relationship}`)}</dd>
        <dt className="text-slate-500">{t('staff.filedFrom')}</dt>
        <dd>{representative.representativeSubjectId ? t('staff.fromAccount') : t('staff.onPaper')}</dd>
        <dt className="text-slate-500">{t('staff.authority')}</dt>
        <dd className={pending ? 'font-semibold text-amber-900' : 'font-semibold'}>
          {t(`authority.${representative.authority}`)}
        </dd>
        {representative.verifiedAt && (
          <>
            <dt className="text-slate-500">{t('staff.verifiedAt')}</dt>
            <dd>{format.dateTime(representative.verifiedAt, { dateStyle: 'long', timeStyle: 'short' })}</dd>
          </>
        )}
      </dl>
      {!representative.subjectWasKnown && (
        <p role="note" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {t('staff.unknownSubject')}
        </p>
      )}
      {canVerify && (
        <ActionForm action={confirmAuthorityAction} className="space-y-2">
          <p className="text-sm text-slate-700">{t('staff.verifyHelp')}</p>
          <input type="hidden" name="requestId" value={request.id} />
          <input type="hidden" name="version" value={request.version} />
          <SubmitButton label={t('staff.confirm')} pendingLabel={t('staff.confirming')} />
        </ActionForm>
      )}
    </section>
  );
}
