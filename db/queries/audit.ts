import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';
import { auditActions, auditEvents, type AuditAction } from '@/db/schema/audit';
import { subjects } from '@/db/schema/subjects';
import { endOfKazakhstanDay } from '@/lib/deadlines/due';

/** The audit trail for the dpo and the auditor: by subject, actor, action and period, newest first. */
export type AuditFilters = { subject: string; actor: string; action: AuditAction | null; from: string; to: string };
export const AUDIT_PAGE = 100;

export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const one = (key: string) => (typeof params[key] === 'string' ? (params[key] as string).trim() : '');
  const action = one('action');
  const day = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  return {
    subject: one('subject').slice(0, 254),
    actor: one('actor').slice(0, 254),
    action: (auditActions as readonly string[]).includes(action) ? (action as AuditAction) : null,
    from: day(one('from')),
    to: day(one('to')),
  };
}

export async function searchAuditEvents(
  db: DbOrTx,
  filters: AuditFilters,
  { before, limit = AUDIT_PAGE }: { before?: number; limit?: number } = {},
) {
  const conditions: (SQL | undefined)[] = [];
  if (filters.subject)
    conditions.push(
      /^\d{12}$/.test(filters.subject) ? eq(subjects.iin, filters.subject) : eq(subjects.email, filters.subject),
    );
  if (filters.actor) conditions.push(eq(users.email, filters.actor.toLowerCase()));
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  // Days are Kazakhstan days.
  if (filters.from) conditions.push(gte(auditEvents.at, new Date(`${filters.from}T00:00:00+05:00`)));
  if (filters.to) conditions.push(lte(auditEvents.at, endOfKazakhstanDay(filters.to)));
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
