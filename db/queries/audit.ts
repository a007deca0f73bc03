import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';
import { auditEvents, subjectAuditEvents, type AuditAction } from '@/db/schema/audit';
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
 * (nameContains, as staff search names elsewhere). The subjects are found first, then their events
 * are read through subject_audit_events by subject_id (audit_events (subject_id, id), and for the
 * events naming them among many, audit_event_subjects (subject_id, event_id), migration 0030): the
 * plan starts from the few subjects found, never from the whole trail (bench/audit-search.ts). The
 * ids are found by a query of their own so that the view's two halves each get them as a value.
 */
async function findSubjectIds(db: DbOrTx, subject: string): Promise<string[]> {
  const condition = /^\d{12}$/.test(subject)
    ? eq(subjects.iin, subject)
    : subject.includes('@')
      ? eq(subjects.email, subject)
      : nameContains(subject);
  const rows = await db.select({ id: subjects.id }).from(subjects).where(condition);
  return rows.map((row) => row.id);
}

export async function searchAuditEvents(
  db: DbOrTx,
  filters: AuditFilters,
  { before, limit = AUDIT_PAGE }: { before?: number; limit?: number } = {},
) {
  // With a subject, every event about them: an event naming them among many (a queue export's
  // batch) shows as theirs, as in their own activity; without one, the trail as it is.
  const subjectIds = filters.subject ? await findSubjectIds(db, filters.subject) : null;
  const e = subjectIds ? subjectAuditEvents : auditEvents;
  const conditions: (SQL | undefined)[] = [];
  if (subjectIds) conditions.push(sql`${e.subjectId} = any(${idArray(subjectIds)}::uuid[])`);
  if (filters.actor) conditions.push(eq(users.email, filters.actor.toLowerCase()));
  if (filters.action) conditions.push(eq(e.action, filters.action));
  if (filters.fromAt) conditions.push(gte(e.at, filters.fromAt));
  if (filters.toAt) conditions.push(lte(e.at, filters.toAt));
  if (before) conditions.push(lt(e.id, before));
  return db
    .select({
      id: e.id,
      at: e.at,
      actorRole: e.actorRole,
      actorEmail: users.email,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      reason: e.reason,
      // Staff only (the dpo and the auditor): never in the subject's activity or downloads.
      clientAddress: e.clientAddress,
      userAgent: e.userAgent,
      subjectName: subjects.fullName,
      subjectEmail: subjects.email,
    })
    .from(e)
    .leftJoin(users, eq(users.id, e.actorId))
    .leftJoin(subjects, eq(subjects.id, e.subjectId))
    .where(and(...conditions))
    .orderBy(desc(e.id))
    .limit(limit);
}
export type AuditRow = Awaited<ReturnType<typeof searchAuditEvents>>[number];
