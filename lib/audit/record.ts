import { auditEvents, type ActorRole, type AuditAction } from '@/db/schema/audit';
import type { Tx } from '@/db';

/** Who did something: a signed-in person with their role, or the portal itself (jobs, the worker). */
export type Actor = { id: string | null; role: ActorRole };
export const systemActor: Actor = { id: null, role: 'system' };

export type AuditInput = {
  actor: Actor;
  action: AuditAction;
  /** The subject whose data this is about; they see the event in their activity (Art. 8-2). */
  subjectId?: string | null;
  entityType: string;
  entityId?: string | null;
  /** Why, in words staff or the subject gave (a request reference, a retention rule…). */
  reason?: string | null;
  details?: Record<string, unknown>;
};

/**
 * The one way to write an audit event. It takes a transaction, so the event commits or rolls back
 * with the change it records: an action is never done without its trace, nor traced but undone.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    // id, at, prev_hash and hash are assigned by the chaining trigger (migration 0001).
    id: 0,
    hash: '',
    actorId: input.actor.id,
    actorRole: input.actor.role,
    subjectId: input.subjectId ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    reason: input.reason ?? null,
    details: input.details ?? {},
  });
}
