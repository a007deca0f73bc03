import { eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { dataCategories, recipients } from '@/db/schema/inventory';
import { subjects } from '@/db/schema/subjects';
import { statutoryDeadlineOf } from '@/lib/deadlines/policy';
import { emailSubject, type NoticeSubject } from '@/lib/mail/subject-email';
import { renderBreachNotice } from '@/lib/mail/templates/breach-notice';
import { renderRequestRegistered } from '@/lib/mail/templates/request-registered';
import { renderRequestUpdate, type RequestUpdate } from '@/lib/mail/templates/request-update';
import { renderTransferNotice } from '@/lib/mail/templates/transfer-notice';
import type { DomainEvent } from './catalogue';
import { emailForRepresentedRequest, newsOf, type KnownRepresentative } from './representative-email';

/**
 * The e-mail channel: which events the subject is told of by e-mail, and with which template, in
 * their language; a subject without an e-mail address gets the same text as a postal letter
 * (lib/mail/subject-email.ts decides). Events not listed here reach the subject through their
 * activity page only.
 */
export async function emailForEvent(tx: Tx, event: DomainEvent): Promise<void> {
  if (!event.subjectId) return;
  const subjectId = event.subjectId;
  const known = await subjectWithRepresentative(tx, event);
  await emailForRepresentedRequest(tx, event, known?.representative);
  const update = (kind: string, payload: { requestId: string; reference: string }, what: RequestUpdate) =>
    emailSubject(
      tx,
      subjectId,
      {
        kind,
        requestId: payload.requestId,
        render: (context) =>
          renderRequestUpdate(context, { ...what, requestId: payload.requestId, reference: payload.reference }),
      },
      known?.subject,
    );

  switch (event.type) {
    case 'request.registered': {
      const p = event.payload;
      const statute = await statutoryDeadlineOf(tx, p.type);
      await emailSubject(tx, subjectId, {
        kind: 'request_filed',
        requestId: p.requestId,
        render: (context) =>
          renderRequestRegistered(context, {
            requestId: p.requestId,
            reference: p.reference,
            type: p.type,
            dueAt: new Date(p.dueAt),
            // The request's own term (the policy in force when it was filed), not today's policy.
            workingDays: p.workingDays,
            source: statute?.sourceLabel[context.locale] ?? null,
          }),
      });
      return;
    }
    case 'request.message_posted':
      await update('request_message', event.payload, { kind: 'message', body: event.payload.message });
      return;
    case 'request.information_requested':
      await update('request_info', event.payload, { kind: 'info', body: event.payload.message });
      return;
    case 'request.extended':
      await update('request_extended', event.payload, {
        kind: 'extended',
        dueAt: new Date(event.payload.dueAt),
        body: event.payload.reason,
      });
      return;
    case 'request.data_blocked':
      await update('request_blocked', event.payload, { kind: 'blocked', dueAt: new Date(event.payload.reviewDueAt) });
      return;
    case 'request.executed':
      await update('request_executed', event.payload, { kind: 'executed', body: event.payload.outcome });
      return;
    case 'request.refused': {
      const { type, reasonCode, legalBasis, text } = event.payload;
      await update('request_refused', event.payload, { kind: 'refused', type, reasonCode, legalBasis, body: text });
      return;
    }
    case 'transfer.recorded': {
      const p = event.payload;
      if (!p.notifySubject) return;
      const [recipient] = await tx
        .select({ name: recipients.name })
        .from(recipients)
        .where(eq(recipients.id, p.recipient.id));
      const categories = await tx
        .select({ name: dataCategories.name })
        .from(dataCategories)
        .where(inArray(dataCategories.code, p.categoryCodes));
      await emailSubject(tx, subjectId, {
        kind: 'transfer_notice',
        transferId: p.transferId,
        render: (context) =>
          renderTransferNotice(context, {
            recipientName: recipient?.name[context.locale] ?? '',
            country: p.recipient.country,
            transferredAt: new Date(p.transferredAt),
            categories: categories.map((c) => c.name[context.locale]),
            basis: p.basis,
            crossBorderBasis: p.crossBorderBasis,
          }),
      });
      return;
    }
    case 'breach.subject_notified': {
      const p = event.payload;
      await emailSubject(tx, subjectId, {
        kind: 'breach_notice',
        incidentId: p.incidentId,
        render: (context) =>
          renderBreachNotice(context, {
            discoveredAt: new Date(p.discoveredAt),
            description: p.description,
            measures: p.measures,
          }),
      });
      return;
    }
    // Told in lib/events/representative-email.ts.
    case 'request.filed_by_representative':
    case 'request.authority_decided':
    case 'consent.withdrawn':
    case 'consent.expired':
    case 'breach.recorded':
    // The operator's systems' own work: webhooks (lib/webhooks), not the subject's inbox.
    case 'task.created':
    case 'task.done':
    case 'task.failed':
      return;
  }
}

/**
 * A request event that its representative would hear of too (all those that tell the subject of an
 * update): the subject's row and the request's representative, read in one statement (issue 15:
 * an execution's e-mail read them one after the other). Undefined for any other event: each reads
 * its own.
 */
async function subjectWithRepresentative(
  tx: Tx,
  event: DomainEvent,
): Promise<{ subject: NoticeSubject | null; representative?: KnownRepresentative | null } | undefined> {
  if (!event.subjectId || !event.type.startsWith('request.') || !newsOf(event)) return undefined;
  const { requestId } = event.payload as { requestId: string };
  const [row] = await runPrebuilt<NoticeSubject & { representative: KnownRepresentative | null }>(
    tx,
    'events.email-subject-representative',
    () => sql`
      select ${subjects.email}, ${subjects.locale}, ${subjects.fullName} as "fullName",
             ${subjects.postalAddress} as "postalAddress",
             (select json_build_object('fullName', r.full_name, 'representedName', r.represented_name,
                                       'representativeSubjectId', r.representative_subject_id)
              from request_representatives r where r.request_id = ${sql.placeholder('requestId')}::uuid) as representative
      from ${subjects} where ${subjects.id} = ${sql.placeholder('subjectId')}`,
    { subjectId: event.subjectId, requestId },
  );
  // No such subject: nothing to tell them; the representative is looked up on its own.
  if (!row) return { subject: null };
  const { representative, ...subject } = row;
  return { subject, representative };
}
