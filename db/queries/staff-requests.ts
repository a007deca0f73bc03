import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';
import { deadlinePolicies, statutoryDeadlines } from '@/db/schema/calendar';
import { consentPurposes, consents } from '@/db/schema/consents';
import { dataCategories, purposes } from '@/db/schema/inventory';
import { attachments, requestConsents, requestEvents, requestItems, requests } from '@/db/schema/requests';
import { dataItems, subjects } from '@/db/schema/subjects';

/**
 * A request as staff work it: the subject, the affected items with their current and proposed
 * values, consents, the whole timeline including internal notes, and the documents. Opening it is
 * a view of the subject's data and is audited by the page (lib/backoffice/views.ts).
 */
export async function findStaffRequest(db: DbOrTx, requestId: string) {
  const assignee = alias(users, 'assignee');
  const [row] = await db
    .select({
      request: requests,
      subject: subjects,
      assigneeName: assignee.name,
      assigneeEmail: assignee.email,
      maxExtension: deadlinePolicies.maxExtensionWorkingDays,
      deadlineSource: statutoryDeadlines.sourceLabel,
      // Someone the operator holds nothing about may still ask for its formal answer (ACCESS).
      heldItems: sql<number>`(select count(*)::int from ${dataItems} where ${dataItems.subjectId} = ${subjects.id} and ${dataItems.state} <> 'destroyed')`,
    })
    .from(requests)
    .innerJoin(subjects, eq(subjects.id, requests.subjectId))
    .leftJoin(assignee, eq(assignee.id, requests.assigneeId))
    // Two enums with the same values: a request type and a deadline code.
    .leftJoin(deadlinePolicies, sql`${deadlinePolicies.code}::text = ${requests.type}::text`)
    .leftJoin(statutoryDeadlines, sql`${statutoryDeadlines.code}::text = ${requests.type}::text`)
    .where(eq(requests.id, requestId));
  if (!row) return null;
  const actor = alias(users, 'actor');
  const [items, consentRows, purpose, events, files] = await Promise.all([
    db
      .select({
        id: requestItems.id,
        dataItemId: requestItems.dataItemId,
        categoryName: dataCategories.name,
        categoryCode: dataCategories.code,
        proposedValue: requestItems.proposedValue,
        currentValue: dataItems.value,
        itemState: dataItems.state,
      })
      .from(requestItems)
      .innerJoin(dataCategories, eq(dataCategories.id, requestItems.categoryId))
      .leftJoin(dataItems, eq(dataItems.id, requestItems.dataItemId))
      .where(eq(requestItems.requestId, requestId))
      .orderBy(asc(dataCategories.sortOrder)),
    db
      .select({
        id: consents.id,
        state: consents.state,
        lock: consents.withdrawalLock,
        lockReason: consents.withdrawalLockReason,
        purposeName: purposes.name,
      })
      .from(requestConsents)
      .innerJoin(consents, eq(consents.id, requestConsents.consentId))
      .innerJoin(consentPurposes, eq(consentPurposes.consentId, consents.id))
      .innerJoin(purposes, eq(purposes.id, consentPurposes.purposeId))
      .where(eq(requestConsents.requestId, requestId)),
    row.request.purposeId
      ? db
          .select({ name: purposes.name, automatedLogic: purposes.automatedLogic })
          .from(purposes)
          .where(eq(purposes.id, row.request.purposeId))
          .then((r) => r[0] ?? null)
      : Promise.resolve(null),
    db
      .select({ event: requestEvents, actorName: actor.name, actorEmail: actor.email })
      .from(requestEvents)
      .leftJoin(actor, eq(actor.id, requestEvents.actorId))
      .where(eq(requestEvents.requestId, requestId))
      .orderBy(asc(requestEvents.at), asc(requestEvents.id)),
    db
      .select({
        id: attachments.id,
        eventId: attachments.eventId,
        fileName: attachments.fileName,
        contentType: attachments.contentType,
        byteSize: attachments.byteSize,
        erasedAt: attachments.erasedAt,
      })
      .from(attachments)
      .where(eq(attachments.requestId, requestId))
      .orderBy(asc(attachments.createdAt)),
  ]);
  return { ...row, items, consents: consentRows, purpose, events, attachments: files };
}
export type StaffRequestDetail = NonNullable<Awaited<ReturnType<typeof findStaffRequest>>>;

/** A document of a request, for staff; opening it is audited (lib/backoffice/views.ts). */
export async function findRequestAttachment(db: DbOrTx, requestId: string, attachmentId: string) {
  const [file] = await db
    .select({
      id: attachments.id,
      subjectId: attachments.subjectId,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      content: attachments.content,
    })
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.requestId, requestId)));
  return file ?? null;
}

/** A request's reference, which the audit event of opening one of its documents names. */
export async function findRequestReference(db: DbOrTx, requestId: string): Promise<string | null> {
  const [request] = await db.select({ reference: requests.reference }).from(requests).where(eq(requests.id, requestId));
  return request?.reference ?? null;
}
