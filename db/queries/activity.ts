import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { auditEvents } from '@/db/schema/audit';

export const ACTIVITY_PAGE = 50;

/**
 * The audit events about one subject, newest first, a page at a time (keyset on the event id).
 * Not the client address or user agent of an event: those are for staff (db/queries/audit.ts).
 */
export async function listSubjectActivity(db: DbOrTx, subjectId: string, before?: number) {
  return db
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
    .where(and(eq(auditEvents.subjectId, subjectId), before ? lt(auditEvents.id, before) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(ACTIVITY_PAGE);
}
export type ActivityEntry = Awaited<ReturnType<typeof listSubjectActivity>>[number];
