import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
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
  return (await listSubjectRequestDetails(db, subjectId, requestId))[0] ?? null;
}

/**
 * The subject's requests as they see them (newest first), or only `requestId` if it is theirs: what
 * they asked, the events shown to them (never internal notes) and the documents' names, in five
 * queries however many requests there are. What the request page shows and the downloads write.
 */
export async function listSubjectRequestDetails(db: DbOrTx, subjectId: string, requestId?: string) {
  const rows = await db
    .select()
    .from(requests)
    .where(and(eq(requests.subjectId, subjectId), requestId ? eq(requests.id, requestId) : undefined))
    .orderBy(desc(requests.registeredAt), asc(requests.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const purposeIds = [...new Set(rows.flatMap((r) => (r.purposeId ? [r.purposeId] : [])))];
  const [items, consents, purposeRows, events, files] = await Promise.all([
    db
      .select({
        requestId: requestItems.requestId,
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
      .where(inArray(requestItems.requestId, ids))
      .orderBy(asc(dataCategories.sortOrder), asc(requestItems.id)),
    db
      .select({
        requestId: requestConsents.requestId,
        consentId: requestConsents.consentId,
        purposeName: purposes.name,
      })
      .from(requestConsents)
      .innerJoin(consentPurposes, eq(consentPurposes.consentId, requestConsents.consentId))
      .innerJoin(purposes, eq(purposes.id, consentPurposes.purposeId))
      .where(inArray(requestConsents.requestId, ids))
      .orderBy(asc(purposes.sortOrder)),
    purposeIds.length
      ? db.select({ id: purposes.id, name: purposes.name }).from(purposes).where(inArray(purposes.id, purposeIds))
      : Promise.resolve([]),
    db
      .select()
      .from(requestEvents)
      .where(and(inArray(requestEvents.requestId, ids), eq(requestEvents.visibility, 'subject')))
      .orderBy(asc(requestEvents.at), asc(requestEvents.id)),
    db
      .select({
        requestId: attachments.requestId,
        id: attachments.id,
        eventId: attachments.eventId,
        fileName: attachments.fileName,
        byteSize: attachments.byteSize,
        erasedAt: attachments.erasedAt,
        createdAt: attachments.createdAt,
      })
      .from(attachments)
      .where(inArray(attachments.requestId, ids))
      .orderBy(asc(attachments.createdAt), asc(attachments.id)),
  ]);
  return rows.map((request) => {
    const purpose = purposeRows.find((p) => p.id === request.purposeId);
    return {
      request,
      items: items.filter((i) => i.requestId === request.id),
      consents: consents.filter((c) => c.requestId === request.id),
      purpose: purpose ? { name: purpose.name } : null,
      events: events.filter((e) => e.requestId === request.id),
      attachments: files.filter((a) => a.requestId === request.id),
    };
  });
}
export type SubjectRequestDetail = Awaited<ReturnType<typeof listSubjectRequestDetails>>[number];

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
