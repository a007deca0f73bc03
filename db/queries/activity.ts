import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { auditEventOfBatch, auditEventSubjects, auditEvents } from '@/db/schema/audit';
import type { LocalizedText } from '@/db/schema/columns';
import { dataCategories } from '@/db/schema/inventory';
import { requestItems, requests } from '@/db/schema/requests';
import { dataItems } from '@/db/schema/subjects';
import { transferItems } from '@/db/schema/transfers';

export const ACTIVITY_PAGE = 50;

/** Whose actions the feed shows: everyone's, or only the operator's (staff, its systems, the portal's jobs). */
export const activityFilters = ['all', 'operator'] as const;
export type ActivityFilter = (typeof activityFilters)[number];

/**
 * The audit events about one subject, newest first, a page at a time (keyset on the event id): their
 * own, and those naming them among many (a queue export's batch, migration 0030), each shown as the
 * event it stands for, as the view subject_audit_events does (entity the request they were listed
 * with, details without the batch's checksum). Not the client address or user agent of an event:
 * those are for staff (db/queries/audit.ts).
 *
 * Each half is a page of its own, newest first with its limit, and the two are merged. The first
 * reads its index backwards and stops at the page (audit_events (subject_id, id) or its operator
 * partial index), however long the subject's history is; over the view, a cached generic plan read
 * all of a subject's events and sorted them. The second reads all of the subject's rows in
 * audit_event_subjects (subject_id, batch_id), one per export with names that listed them, finds
 * each one's event (audit_events_batch_index) and sorts those few: the rows are written before
 * their event is chained and carry no event order (migration 0032).
 *
 * `by: 'operator'` leaves out the subject's own actions (sign-ins above all). The condition is
 * written as a literal, not a parameter, so that PostgreSQL can prove it matches the partial index
 * `audit_events_operator_activity` (migration 0020) even in a cached generic plan: the page then
 * reads only the operator's events, however many times the subject signed in.
 */
export function subjectActivityQuery(
  db: DbOrTx,
  subjectId: string,
  page: { before?: number | null; by?: ActivityFilter } = {},
) {
  const operatorOnly = page.by === 'operator' ? sql`${auditEvents.actorRole} <> 'subject'` : undefined;
  const own = db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      reason: auditEvents.reason,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectId, subjectId),
        page.before ? lt(auditEvents.id, page.before) : undefined,
        operatorOnly,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(ACTIVITY_PAGE);
  const named = db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      entityType: sql<string>`'request'`,
      entityId: sql<string | null>`${auditEventSubjects.requestId}::text`,
      reason: auditEvents.reason,
      details: sql<Record<string, unknown>>`${auditEvents.details} - 'subjects'`,
    })
    .from(auditEventSubjects)
    .innerJoin(auditEvents, auditEventOfBatch)
    .where(
      and(
        eq(auditEventSubjects.subjectId, subjectId),
        page.before ? lt(auditEvents.id, page.before) : undefined,
        operatorOnly,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(ACTIVITY_PAGE);
  return own
    .unionAll(named)
    .orderBy(sql`1 desc`)
    .limit(ACTIVITY_PAGE);
}

/** One page of that query's rows (the builder above is also what tests EXPLAIN). */
export async function listSubjectActivity(...args: Parameters<typeof subjectActivityQuery>) {
  return subjectActivityQuery(...args);
}
export type ActivityEntry = Awaited<ReturnType<typeof listSubjectActivity>>[number];

/** A category a feed entry concerns, keyed by what the entry names (an item, a transfer or a request). */
export type ActivityCategory = { key: string; id: string; name: LocalizedText; sortOrder: number };

/**
 * The categories of the subject's own items behind the ids an activity page names, and the
 * subject's own requests among the ids and references it names. Everything is scoped by the
 * subject: an id of someone else's finds nothing. Ids must be uuids (lib/activity/feed.ts checks).
 */
export async function findActivityTargets(
  db: DbOrTx,
  subjectId: string,
  ids: { items: string[]; transfers: string[]; requests: string[]; references: string[] },
) {
  const category = { id: dataCategories.id, name: dataCategories.name, sortOrder: dataCategories.sortOrder };
  const none = Promise.resolve([] as ActivityCategory[]);
  const [items, transfers, requestCategories, ownRequests] = await Promise.all([
    ids.items.length
      ? db
          .select({ key: sql<string>`${dataItems.id}::text`, ...category })
          .from(dataItems)
          .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
          .where(and(eq(dataItems.subjectId, subjectId), inArray(dataItems.id, ids.items)))
      : none,
    ids.transfers.length
      ? db
          .select({ key: sql<string>`${transferItems.transferId}::text`, ...category })
          .from(transferItems)
          .innerJoin(dataItems, eq(dataItems.id, transferItems.dataItemId))
          .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
          .where(and(eq(dataItems.subjectId, subjectId), inArray(transferItems.transferId, ids.transfers)))
      : none,
    // A request's own rows name the category even of an item still to be added (RECTIFY, supplement).
    ids.requests.length
      ? db
          .select({ key: sql<string>`${requestItems.requestId}::text`, ...category })
          .from(requestItems)
          .innerJoin(requests, eq(requests.id, requestItems.requestId))
          .innerJoin(dataCategories, eq(dataCategories.id, requestItems.categoryId))
          .where(and(eq(requests.subjectId, subjectId), inArray(requestItems.requestId, ids.requests)))
      : none,
    ids.requests.length || ids.references.length
      ? db
          .select({ id: requests.id, reference: requests.reference })
          .from(requests)
          .where(
            and(
              eq(requests.subjectId, subjectId),
              or(
                ids.requests.length ? inArray(requests.id, ids.requests) : undefined,
                ids.references.length ? inArray(requests.reference, ids.references) : undefined,
              ),
            ),
          )
      : Promise.resolve([] as { id: string; reference: string }[]),
  ]);
  return { categories: [...items, ...transfers, ...requestCategories], requests: ownRequests };
}
