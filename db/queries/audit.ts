import { and, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';
import { auditEventOfBatch, auditEventSubjects, auditEvents, type AuditAction } from '@/db/schema/audit';
import { subjects } from '@/db/schema/subjects';
import { idArray } from './queue';
import { nameContains } from './subjects';

/**
 * The audit trail for the dpo and the auditor: by subject (IIN, e-mail or name), actor, action and
 * period, newest first.
 * `from` and `to` are Kazakhstan days as typed; `fromAt` and `toAt` the instants they start and end.
 */
export type AuditFilters = {
  subject: string;
  actor: string;
  action: AuditAction | null;
  from: string;
  to: string;
  fromAt: Date | null;
  toAt: Date | null;
};
export const AUDIT_PAGE = 100;

/**
 * The subject field: an IIN or an e-mail address exactly, or else part of the name in any case
 * (nameContains, as staff search names elsewhere).
 */
function subjectsMatching(db: DbOrTx, subject: string) {
  const condition = /^\d{12}$/.test(subject)
    ? eq(subjects.iin, subject)
    : subject.includes('@')
      ? eq(subjects.email, subject)
      : nameContains(subject);
  return db.select({ id: subjects.id }).from(subjects).where(condition);
}

/**
 * Up to this many subjects matching, their events are read by their ids: each one's own through
 * audit_events (subject_id, id), and their export rows through audit_event_subjects (subject_id,
 * batch_id), then sorted (a few thousand rows at most). Past it (a common name), each half walks
 * the trail newest first with the subjects as a semi-join and stops at the page. Left to itself
 * PostgreSQL misjudged how many subjects a name matches: one person's search walked the exports'
 * 44,000 rows (0.36 s at 1M events), a surname read all of them (2.6 s) (bench/audit-search.ts).
 */
export const SUBJECTS_BY_ID = 1000;

/**
 * A page of the trail, newest first. With a subject, every event about them, as in their own
 * activity (db/queries/activity.ts): their own events, and those naming them among many (a queue
 * export's batch, audit_event_subjects, migrations 0030 and 0032) shown as the event each stands
 * for, as the view subject_audit_events does. Each half is a page of its own, newest first with
 * its limit, and the two are merged (SUBJECTS_BY_ID says how each finds its rows). Over the view,
 * with the ids found first, a common name read and sorted every event of thousands of subjects
 * (0.4-0.7 s at 1M events): a condition on the subjects does not reach inside the view's halves.
 */
export async function searchAuditEvents(db: DbOrTx, filters: AuditFilters, page: TrailPage = {}) {
  if (!filters.subject) return trailPage(db, filters, page);
  // Planned for this pattern, as the queue's search is (db/queries/queue.ts): a generic plan cannot
  // know whether it matches one subject or a tenth of them, and walked the whole trail for one
  // person (16 s at 1M events under load).
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
    return trailPage(tx, filters, page);
  });
}
export type AuditRow = Awaited<ReturnType<typeof searchAuditEvents>>[number];

type TrailPage = { before?: number; limit?: number };

async function trailPage(db: DbOrTx, filters: AuditFilters, { before, limit = AUDIT_PAGE }: TrailPage) {
  let ids: string[] | null = null;
  let matching: ReturnType<typeof subjectsMatching> | null = null;
  if (filters.subject) {
    // Two builders: a Drizzle query builder's limit() changes the builder itself.
    const found = await subjectsMatching(db, filters.subject).limit(SUBJECTS_BY_ID + 1);
    matching = subjectsMatching(db, filters.subject);
    if (found.length === 0) return [];
    if (found.length <= SUBJECTS_BY_ID) ids = found.map((row) => row.id);
  }
  const ofSubjects = (column: typeof auditEvents.subjectId | typeof auditEventSubjects.subjectId) =>
    ids ? sql`${column} = any(${idArray(ids)}::uuid[])` : inArray(column, matching!);
  // What both halves filter on the event itself.
  const eventConditions = [
    filters.actor ? eq(users.email, filters.actor.toLowerCase()) : undefined,
    filters.action ? eq(auditEvents.action, filters.action) : undefined,
    filters.fromAt ? gte(auditEvents.at, filters.fromAt) : undefined,
    filters.toAt ? lte(auditEvents.at, filters.toAt) : undefined,
  ];
  const own = db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorRole: auditEvents.actorRole,
      actorEmail: users.email,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      reason: auditEvents.reason,
      // Staff only (the dpo and the auditor): never in the subject's activity or downloads.
      clientAddress: auditEvents.clientAddress,
      userAgent: auditEvents.userAgent,
      subjectName: subjects.fullName,
      subjectEmail: subjects.email,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(subjects, eq(subjects.id, auditEvents.subjectId))
    .where(
      and(
        matching ? ofSubjects(auditEvents.subjectId) : undefined,
        before ? lt(auditEvents.id, before) : undefined,
        ...eventConditions,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  if (!matching) return own;
  const named = db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorRole: auditEvents.actorRole,
      actorEmail: users.email,
      action: auditEvents.action,
      entityType: sql<string>`'request'`,
      entityId: sql<string | null>`${auditEventSubjects.requestId}::text`,
      reason: auditEvents.reason,
      clientAddress: auditEvents.clientAddress,
      userAgent: auditEvents.userAgent,
      subjectName: subjects.fullName,
      subjectEmail: subjects.email,
    })
    .from(auditEventSubjects)
    .innerJoin(auditEvents, auditEventOfBatch)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(subjects, eq(subjects.id, auditEventSubjects.subjectId))
    .where(
      and(
        ofSubjects(auditEventSubjects.subjectId),
        before ? lt(auditEvents.id, before) : undefined,
        ...eventConditions,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  return own
    .unionAll(named)
    .orderBy(sql`1 desc`)
    .limit(limit);
}
