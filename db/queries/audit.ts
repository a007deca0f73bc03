import { and, desc, eq, gte, inArray, lt, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';
import { auditEvents, type AuditAction } from '@/db/schema/audit';
import { subjects } from '@/db/schema/subjects';
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
 * (nameContains, as staff search names elsewhere). A name is matched among subjects first, then
 * their events are read through audit_events (subject_id, id): the plan starts from the few
 * subjects the trigram index finds, never from the whole trail (bench/audit-search.ts).
 */
function subjectCondition(db: DbOrTx, subject: string): SQL {
  if (/^\d{12}$/.test(subject)) return eq(subjects.iin, subject);
  if (subject.includes('@')) return eq(subjects.email, subject);
  return inArray(auditEvents.subjectId, db.select({ id: subjects.id }).from(subjects).where(nameContains(subject)));
}

export async function searchAuditEvents(
  db: DbOrTx,
  filters: AuditFilters,
  { before, limit = AUDIT_PAGE }: { before?: number; limit?: number } = {},
) {
  const conditions: (SQL | undefined)[] = [];
  if (filters.subject) conditions.push(subjectCondition(db, filters.subject));
  if (filters.actor) conditions.push(eq(users.email, filters.actor.toLowerCase()));
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  if (filters.fromAt) conditions.push(gte(auditEvents.at, filters.fromAt));
  if (filters.toAt) conditions.push(lte(auditEvents.at, filters.toAt));
  if (before) conditions.push(lt(auditEvents.id, before));
  return db
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
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}
export type AuditRow = Awaited<ReturnType<typeof searchAuditEvents>>[number];
