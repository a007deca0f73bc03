import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { findSubjectConsent } from '@/db/queries/consents';
import { consents, type Consent, type ConsentChannel } from '@/db/schema/consents';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { recordConsentEvent } from '@/lib/consents/records';
import { endProcessingOnConsent, type StoppedProcessing, type Why } from '@/lib/data-items/changes';
import { DomainError } from '@/lib/errors';
import { recordEvent } from '@/lib/events/record';
import { fileRequest, type FiledRequest } from '@/lib/requests/file';

export type WithdrawRefusal = 'notFound' | 'locked' | 'notActive';

/**
 * Art. 24(1)(5), 8(7): withdrawing a consent files a WITHDRAW request; the operator then has 15
 * working days to stop processing or refuse with reasons. Not while withdrawal is locked
 * (Art. 8(2)). Asking twice returns the request already under way.
 */
export async function requestConsentWithdrawal(
  tx: Tx,
  input: {
    subjectId: string;
    consentId: string;
    actor: Actor;
    idempotencyKey?: string | null;
    channel?: 'portal' | 'paper' | 'email';
    registeredAt?: Date;
    auditDetails?: Record<string, unknown>;
  },
): Promise<FiledRequest> {
  // The lock serializes two withdrawals of one consent, so only one request is filed.
  const [locked] = await tx
    .select({ id: consents.id })
    .from(consents)
    .where(and(eq(consents.id, input.consentId), eq(consents.subjectId, input.subjectId)))
    .for('update');
  const consent = locked ? await findSubjectConsent(tx, input.subjectId, input.consentId) : null;
  if (!consent) throw new DomainError<WithdrawRefusal>('notFound');
  if (consent.pendingWithdrawal) return { ...consent.pendingWithdrawal, duplicate: true, eventId: null };
  if (consent.state !== 'active') throw new DomainError<WithdrawRefusal>('notActive');
  if (consent.withdrawalLock) throw new DomainError<WithdrawRefusal>('locked');
  return fileRequest(tx, {
    subjectId: input.subjectId,
    type: 'WITHDRAW',
    consentIds: [consent.id],
    actor: input.actor,
    idempotencyKey: input.idempotencyKey,
    channel: input.channel,
    registeredAt: input.registeredAt,
    auditDetails: input.auditDetails,
  });
}

/**
 * The one place an active consent becomes withdrawn (Art. 8(7)): its state, the audit event the
 * subject sees, the domain event, and the processing that rested on it stops (every purpose of
 * it that no other active consent covers). The caller has locked the consent and checked that no
 * Art. 8(2) lock applies. Used by WITHDRAW and by PUBLIC_REMOVE (the publication consent).
 */
export async function withdrawConsent(
  tx: Tx,
  consent: Pick<Consent, 'id' | 'subjectId'>,
  why: Why,
  channel: ConsentChannel,
): Promise<StoppedProcessing> {
  await tx.update(consents).set({ state: 'withdrawn', withdrawnAt: new Date() }).where(eq(consents.id, consent.id));
  // Art. 22(1)(5), ISO/IEC TS 27560: the withdrawal is appended to the consent's record.
  await recordConsentEvent(tx, { consentId: consent.id, event: 'withdrawn', actor: why.staff, channel });
  await recordAudit(tx, {
    actor: why.staff,
    action: 'consent_withdrawn',
    subjectId: consent.subjectId,
    entityType: 'consent',
    entityId: consent.id,
    reason: why.reference,
  });
  const stopped = await endProcessingOnConsent(tx, consent, why);
  await recordEvent(tx, {
    type: 'consent.withdrawn',
    subjectId: consent.subjectId,
    payload: { consentId: consent.id, requestReference: why.reference },
  });
  return stopped;
}
