import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { listSubjectConsents } from '@/db/queries/consents';
import { computeDueAtFor } from '@/lib/deadlines/policy';
import { findMyDataReport } from '@/lib/my-data/report';
import { findOperatorProfile } from '@/db/queries/operator';
import { consents } from '@/db/schema/consents';
import { purposes } from '@/db/schema/inventory';
import { attachments, requestConsents, requestItems, type Request } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { recordAudit } from '@/lib/audit/record';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { renderStatementPdf } from '@/lib/pdf/statement';
import { authorize, type Staff } from '@/lib/auth/authorize';
import {
  blockItems,
  changeItemValue,
  destroyItems,
  endProcessingOnConsent,
  stopProcessing,
  supplementItem,
  unblockItems,
} from '@/lib/data-items/changes';
import { refusalReasonCodes, type RefusalReasonCode } from './refusal-templates';
import { addEvent, auditRequestUpdate, lockRequest, notifySubject, updateRequest } from './request-state';

type User = Parameters<typeof authorize>[0];

/**
 * Executing a request changes the data for real, in one transaction with the request's new state,
 * its events, the audit events and the e-mail to the subject; any failure leaves everything as it
 * was. `version` is what the staff member saw: of two people executing at once, one succeeds and
 * the other gets "stale".
 * `decision` resolves the two requests that end one of two ways: a BLOCK under review ('confirm':
 * the violation is confirmed and the data destroyed; 'reject': unblocked) and an OBJECT_AUTO
 * ('uphold': the automated processing stops; rejecting an objection is a reasoned refusal).
 */
export type ExecuteInput = {
  requestId: string;
  version: number;
  outcome: string | null;
  decision?: 'confirm' | 'reject' | 'uphold';
};

async function requestItemRows(tx: Tx, request: Request) {
  return tx.select().from(requestItems).where(eq(requestItems.requestId, request.id));
}

async function complete(tx: Tx, request: Request, staff: Staff, outcome: string | null, eventId?: number) {
  await updateRequest(tx, request, {
    state: 'COMPLETED',
    completedAt: new Date(),
    outcome,
    assigneeId: request.assigneeId ?? staff.id,
  });
  if (eventId === undefined)
    await addEvent(tx, request, staff, {
      kind: 'executed',
      visibility: 'subject',
      body: outcome,
      toState: 'COMPLETED',
    });
  await auditRequestUpdate(tx, request, staff, { state: 'COMPLETED' });
  await notifySubject(tx, request, { kind: 'executed', body: outcome });
}

export async function executeRequest(tx: Tx, user: User, input: ExecuteInput): Promise<void> {
  const staff = authorize(user, 'requests.work');
  const request = await lockRequest(tx, input.requestId, input.version);
  const why = { staff, reference: request.reference };
  const outcome = input.outcome?.trim() || null;
  const items = await requestItemRows(tx, request);
  const itemIds = items.flatMap((i) => (i.dataItemId ? [i.dataItemId] : []));

  switch (request.type) {
    case 'ACCESS': {
      // The statement, in the subject's language, attached to the answer.
      const [subject] = await tx.select().from(subjects).where(eq(subjects.id, request.subjectId));
      const [report, consentList, operator] = await Promise.all([
        findMyDataReport(tx, request.subjectId),
        listSubjectConsents(tx, request.subjectId),
        findOperatorProfile(tx),
      ]);
      if (!subject || !report || !operator) throw new DomainError<StaffRefusal>('notFound');
      const pdf = await renderStatementPdf(report, consentList, operator, subject.locale);
      const eventId = await addEvent(tx, request, staff, {
        kind: 'executed',
        visibility: 'subject',
        body: outcome,
        toState: 'COMPLETED',
      });
      await tx.insert(attachments).values({
        requestId: request.id,
        subjectId: request.subjectId,
        eventId,
        fileName: `statement-${request.reference}.pdf`,
        contentType: 'application/pdf',
        byteSize: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        content: pdf,
        uploadedById: staff.id,
      });
      await recordAudit(tx, {
        actor: staff,
        action: 'data_exported',
        subjectId: request.subjectId,
        entityType: 'request',
        entityId: request.id,
        reason: request.reference,
        details: { format: 'statement' },
      });
      return complete(tx, request, staff, outcome, eventId);
    }
    case 'RECTIFY':
      for (const item of items) {
        if (!item.proposedValue) continue;
        if (item.dataItemId) await changeItemValue(tx, request.subjectId, item.dataItemId, item.proposedValue, why);
        else await supplementItem(tx, request.subjectId, item.categoryId, item.proposedValue, why);
      }
      return complete(tx, request, staff, outcome);
    case 'DESTROY':
      if (itemIds.length === 0) throw new DomainError<StaffRefusal>('invalid');
      await destroyItems(tx, request.subjectId, itemIds, why);
      return complete(tx, request, staff, outcome);
    case 'BLOCK': {
      const scope = itemIds.length ? itemIds : null;
      if (request.state !== 'DATA_BLOCKED') {
        // Art. 25(2)(8): block at once; the review then has its own one-working-day deadline.
        await blockItems(tx, request.subjectId, scope, why);
        const now = new Date();
        const { dueAt, workingDays } = await computeDueAtFor(tx, 'UNBLOCK', now);
        await updateRequest(tx, request, {
          state: 'DATA_BLOCKED',
          dueAt,
          deadlineFrom: now,
          deadlineWorkingDays: workingDays,
          assigneeId: request.assigneeId ?? staff.id,
        });
        await addEvent(tx, request, staff, {
          kind: 'state_changed',
          visibility: 'subject',
          toState: 'DATA_BLOCKED',
          body: outcome,
        });
        await auditRequestUpdate(tx, request, staff, { state: 'DATA_BLOCKED' });
        return notifySubject(tx, request, { kind: 'blocked', dueAt });
      }
      if (!outcome || (input.decision !== 'confirm' && input.decision !== 'reject'))
        throw new DomainError<StaffRefusal>('invalid');
      if (input.decision === 'confirm') await destroyItems(tx, request.subjectId, scope, why);
      else await unblockItems(tx, request.subjectId, scope, why);
      return complete(tx, request, staff, outcome);
    }
    case 'WITHDRAW': {
      const links = await tx
        .select({ consentId: requestConsents.consentId })
        .from(requestConsents)
        .where(eq(requestConsents.requestId, request.id));
      for (const { consentId } of links) {
        const [consent] = await tx
          .select()
          .from(consents)
          .where(and(eq(consents.id, consentId), eq(consents.subjectId, request.subjectId)))
          .for('update');
        if (!consent || consent.state !== 'active') continue;
        await tx
          .update(consents)
          .set({ state: 'withdrawn', withdrawnAt: new Date() })
          .where(eq(consents.id, consent.id));
        await recordAudit(tx, {
          actor: staff,
          action: 'consent_withdrawn',
          subjectId: request.subjectId,
          entityType: 'consent',
          entityId: consent.id,
          reason: request.reference,
        });
        await endProcessingOnConsent(tx, consent, why);
      }
      return complete(tx, request, staff, outcome);
    }
    case 'PUBLIC_REMOVE': {
      if (!outcome) throw new DomainError<StaffRefusal>('invalid');
      const publishing = (await tx.select({ id: purposes.id }).from(purposes).where(eq(purposes.publishes, true))).map(
        (p) => p.id,
      );
      await stopProcessing(tx, request.subjectId, publishing, itemIds.length ? itemIds : null, why);
      return complete(tx, request, staff, outcome);
    }
    case 'OBJECT_AUTO':
      if (input.decision !== 'uphold' || !request.purposeId || !outcome) throw new DomainError<StaffRefusal>('invalid');
      await stopProcessing(tx, request.subjectId, [request.purposeId], null, why);
      return complete(tx, request, staff, outcome);
  }
}

/** Art. 25(2)(7), 8(7): a refusal needs a reason, a legal basis and words to the subject. */
export async function refuseRequest(
  tx: Tx,
  user: User,
  input: { requestId: string; version: number; reasonCode: string; legalBasis: string; text: string },
): Promise<void> {
  const staff = authorize(user, 'requests.work');
  const legalBasis = input.legalBasis.trim();
  const text = input.text.trim();
  if (
    !refusalReasonCodes.includes(input.reasonCode as RefusalReasonCode) ||
    !legalBasis ||
    !text ||
    text.length > 4000 ||
    legalBasis.length > 500
  ) {
    throw new DomainError<StaffRefusal>('invalid');
  }
  const request = await lockRequest(tx, input.requestId, input.version);
  // A refused BLOCK leaves no data blocked: the violation was not confirmed.
  if (request.state === 'DATA_BLOCKED') {
    const itemIds = (await requestItemRows(tx, request)).flatMap((i) => (i.dataItemId ? [i.dataItemId] : []));
    await unblockItems(tx, request.subjectId, itemIds.length ? itemIds : null, { staff, reference: request.reference });
  }
  await updateRequest(tx, request, {
    state: 'REFUSED',
    completedAt: new Date(),
    refusalReasonCode: input.reasonCode,
    refusalLegalBasis: legalBasis,
    refusalText: text,
    assigneeId: request.assigneeId ?? staff.id,
  });
  await addEvent(tx, request, staff, { kind: 'refused', visibility: 'subject', toState: 'REFUSED' });
  await auditRequestUpdate(tx, request, staff, { state: 'REFUSED', reason: input.reasonCode });
  await notifySubject(tx, request, { kind: 'refused', reasonCode: input.reasonCode, legalBasis, body: text });
}
