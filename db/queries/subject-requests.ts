import { and, asc, desc, eq, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { consentPurposes } from '@/db/schema/consents';
import { dataCategories, purposes } from '@/db/schema/inventory';
import { attachments, requestConsents, requestEvents, requestItems, requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems } from '@/db/schema/subjects';
import { openRequestSql } from './requests';

/** The subject's own requests, newest first. */
export async function listSubjectRequests(db: DbOrTx, subjectId: string) {
  return db
    .select({
      id: requests.id,
      reference: requests.reference,
      type: requests.type,
      state: requests.state,
      registeredAt: requests.registeredAt,
      dueAt: requests.dueAt,
      completedAt: requests.completedAt,
    })
    .from(requests)
    .where(eq(requests.subjectId, subjectId))
    .orderBy(desc(requests.registeredAt));
}

/**
 * One request as its subject sees it: never internal notes or assignments, and nothing at all if
 * the request belongs to someone else.
 */
export async function findSubjectRequest(db: DbOrTx, subjectId: string, requestId: string) {
  const [request] = await db
    .select()
    .from(requests)
    .where(and(eq(requests.id, requestId), eq(requests.subjectId, subjectId)));
  if (!request) return null;
  const [items, consents, purpose, events, files] = await Promise.all([
    db
      .select({
        id: requestItems.id,
        dataItemId: requestItems.dataItemId,
        categoryName: dataCategories.name,
        proposedValue: requestItems.proposedValue,
        currentValue: dataItems.value,
        itemState: dataItems.state,
      })
      .from(requestItems)
      .innerJoin(dataCategories, eq(dataCategories.id, requestItems.categoryId))
      .leftJoin(dataItems, eq(dataItems.id, requestItems.dataItemId))
      .where(eq(requestItems.requestId, request.id))
      .orderBy(asc(dataCategories.sortOrder)),
    db
      .select({ consentId: requestConsents.consentId, purposeName: purposes.name })
      .from(requestConsents)
      .innerJoin(consentPurposes, eq(consentPurposes.consentId, requestConsents.consentId))
      .innerJoin(purposes, eq(purposes.id, consentPurposes.purposeId))
      .where(eq(requestConsents.requestId, request.id)),
    request.purposeId
      ? db
          .select({ name: purposes.name })
          .from(purposes)
          .where(eq(purposes.id, request.purposeId))
          .then((rows) => rows[0] ?? null)
      : Promise.resolve(null),
    db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, request.id), eq(requestEvents.visibility, 'subject')))
      .orderBy(asc(requestEvents.at), asc(requestEvents.id)),
    db
      .select({
        id: attachments.id,
        eventId: attachments.eventId,
        fileName: attachments.fileName,
        byteSize: attachments.byteSize,
        erasedAt: attachments.erasedAt,
        createdAt: attachments.createdAt,
      })
      .from(attachments)
      .where(eq(attachments.requestId, request.id))
      .orderBy(asc(attachments.createdAt)),
  ]);
  return { request, items, consents, purpose, events, attachments: files };
}
export type SubjectRequestDetail = NonNullable<Awaited<ReturnType<typeof findSubjectRequest>>>;

/**
 * The subject's open DESTROY requests, each with the items it names (a destruction always names
 * them), so that My data says "destruction requested" beside an item already asked for.
 */
export async function listOpenDestructionRequests(db: DbOrTx, subjectId: string) {
  const rows = await db
    .select({ id: requests.id, reference: requests.reference, itemId: requestItems.dataItemId })
    .from(requests)
    .leftJoin(requestItems, eq(requestItems.requestId, requests.id))
    .where(and(eq(requests.subjectId, subjectId), eq(requests.type, 'DESTROY'), openRequestSql))
    .orderBy(asc(requests.registeredAt));
  const byRequest = new Map<string, { id: string; reference: string; itemIds: string[] }>();
  for (const row of rows) {
    const request = byRequest.get(row.id) ?? { id: row.id, reference: row.reference, itemIds: [] };
    if (row.itemId) request.itemIds.push(row.itemId);
    byRequest.set(row.id, request);
  }
  return [...byRequest.values()];
}

/** The open DESTROY request that names an item, if any. */
export function destructionRequestFor(
  open: Awaited<ReturnType<typeof listOpenDestructionRequests>>,
  itemId: string,
): { id: string; reference: string } | null {
  return open.find((request) => request.itemIds.includes(itemId)) ?? null;
}

/** What a request form may offer: the subject's items, the categories to supplement, automated purposes. */
export async function findRequestFormOptions(db: DbOrTx, subjectId: string) {
  const [items, categories, automated] = await Promise.all([
    db
      .select({
        id: dataItems.id,
        value: dataItems.value,
        state: dataItems.state,
        categoryId: dataCategories.id,
        categoryCode: dataCategories.code,
        categoryName: dataCategories.name,
        accessLevel: dataCategories.accessLevel,
      })
      .from(dataItems)
      .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
      .where(and(eq(dataItems.subjectId, subjectId), ne(dataItems.state, 'destroyed')))
      .orderBy(asc(dataCategories.sortOrder), asc(dataItems.collectedAt)),
    db
      .select({ id: dataCategories.id, code: dataCategories.code, name: dataCategories.name })
      .from(dataCategories)
      .orderBy(asc(dataCategories.sortOrder)),
    db
      .selectDistinct({
        id: purposes.id,
        name: purposes.name,
        automatedLogic: purposes.automatedLogic,
        sortOrder: purposes.sortOrder,
      })
      .from(purposes)
      .innerJoin(dataItemPurposes, eq(dataItemPurposes.purposeId, purposes.id))
      .innerJoin(dataItems, eq(dataItems.id, dataItemPurposes.dataItemId))
      .where(and(eq(purposes.isAutomated, true), eq(dataItems.subjectId, subjectId), isNull(dataItemPurposes.endedAt)))
      .orderBy(asc(purposes.sortOrder)),
  ]);
  return { items, categories, automated };
}

/** Attachment bytes for download, only from the subject's own request. */
export async function findSubjectAttachment(db: DbOrTx, subjectId: string, requestId: string, attachmentId: string) {
  const [file] = await db
    .select({ fileName: attachments.fileName, contentType: attachments.contentType, content: attachments.content })
    .from(attachments)
    .where(
      and(eq(attachments.id, attachmentId), eq(attachments.requestId, requestId), eq(attachments.subjectId, subjectId)),
    );
  return file ?? null;
}
