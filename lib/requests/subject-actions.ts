import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { cancellableStates, isOpenState, requestEvents, requests } from '@/db/schema/requests';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { DomainError, type SubjectActionRefusal } from '@/lib/errors';
import { storeAttachments, type Upload } from '@/lib/files/attachments';

async function lockOwnRequest(tx: Tx, subjectId: string, requestId: string) {
  const [request] = await tx
    .select()
    .from(requests)
    .where(and(eq(requests.id, requestId), eq(requests.subjectId, subjectId)))
    .for('update');
  if (!request) throw new DomainError<SubjectActionRefusal>('notFound');
  return request;
}

/**
 * The subject cancels a request the operator has not acted on. `version` is what the subject's
 * page showed: if the request changed since (the operator took it, executed it), nothing happens.
 */
export async function cancelOwnRequest(
  tx: Tx,
  input: { subjectId: string; requestId: string; version: number; actor: Actor },
) {
  const request = await lockOwnRequest(tx, input.subjectId, input.requestId);
  if (request.version !== input.version) throw new DomainError<SubjectActionRefusal>('stale');
  if (!(cancellableStates as readonly string[]).includes(request.state))
    throw new DomainError<SubjectActionRefusal>('cannotCancel');
  const now = new Date();
  await tx
    .update(requests)
    .set({ state: 'WITHDRAWN', completedAt: now, updatedAt: now, version: sql`${requests.version} + 1` })
    .where(eq(requests.id, request.id));
  await tx.insert(requestEvents).values({
    requestId: request.id,
    at: now,
    kind: 'cancelled',
    visibility: 'subject',
    actorId: input.actor.id,
    actorRole: 'subject',
    fromState: request.state,
    toState: 'WITHDRAWN',
  });
  await recordAudit(tx, {
    actor: input.actor,
    action: 'request_updated',
    subjectId: input.subjectId,
    entityType: 'request',
    entityId: request.id,
    reason: request.reference,
    details: { from: request.state, to: 'WITHDRAWN' },
  });
}

/**
 * The subject writes to the operator about an open request, with documents if asked for. An answer
 * to "awaiting information" puts the request back in progress.
 */
export async function postSubjectMessage(
  tx: Tx,
  input: { subjectId: string; requestId: string; body: string; uploads: Upload[]; actor: Actor },
) {
  const request = await lockOwnRequest(tx, input.subjectId, input.requestId);
  if (!isOpenState(request.state)) throw new DomainError<SubjectActionRefusal>('notOpen');
  const now = new Date();
  const [event] = await tx
    .insert(requestEvents)
    .values({
      requestId: request.id,
      at: now,
      kind: 'message',
      visibility: 'subject',
      actorId: input.actor.id,
      actorRole: 'subject',
      body: input.body,
    })
    .returning({ id: requestEvents.id });
  await storeAttachments(tx, {
    requestId: request.id,
    subjectId: input.subjectId,
    eventId: event!.id,
    uploadedById: input.actor.id,
    uploads: input.uploads,
  });
  if (request.state === 'AWAITING_INFO') {
    await tx
      .update(requests)
      .set({ state: 'IN_PROGRESS', updatedAt: now, version: sql`${requests.version} + 1` })
      .where(eq(requests.id, request.id));
    await tx.insert(requestEvents).values({
      requestId: request.id,
      at: now,
      kind: 'state_changed',
      visibility: 'subject',
      actorId: input.actor.id,
      actorRole: 'subject',
      fromState: 'AWAITING_INFO',
      toState: 'IN_PROGRESS',
    });
  } else {
    await tx.update(requests).set({ updatedAt: now }).where(eq(requests.id, request.id));
  }
}
