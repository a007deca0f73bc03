import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { requestRepresentatives } from '@/db/schema/representatives';
import { cancellableStates, isOpenState, requestEvents, requests } from '@/db/schema/requests';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { DomainError, type SubjectActionRefusal } from '@/lib/errors';
import { storeAttachments, type Upload } from '@/lib/files/attachments';

/**
 * Who acts on the request from the portal: the subject on their own request, or, with
 * `asRepresentative`, the person who filed it for them from their account (Art. 24) — who answers
 * the operator's questions and may cancel it like the subject, and reaches no other request.
 * `subjectId` is the signed-in account's subject record either way.
 */
type Party = { subjectId: string; requestId: string; asRepresentative?: boolean };

async function lockPartyRequest(tx: Tx, party: Party) {
  const reachable = party.asRepresentative
    ? inArray(
        requests.id,
        tx
          .select({ id: requestRepresentatives.requestId })
          .from(requestRepresentatives)
          .where(eq(requestRepresentatives.representativeSubjectId, party.subjectId)),
      )
    : eq(requests.subjectId, party.subjectId);
  const [request] = await tx
    .select()
    .from(requests)
    .where(and(eq(requests.id, party.requestId), reachable))
    .for('update');
  if (!request) throw new DomainError<SubjectActionRefusal>('notFound');
  return request;
}

/** Marks what a representative wrote or did, so staff and the subject see who it was. */
const byWhom = (party: Party) => (party.asRepresentative ? { byRepresentative: true } : undefined);

/**
 * The subject (or their representative) cancels a request the operator has not acted on.
 * `version` is what the page showed: if the request changed since (the operator took it, executed
 * it), nothing happens.
 */
export async function cancelOwnRequest(tx: Tx, input: Party & { version: number; actor: Actor }) {
  const request = await lockPartyRequest(tx, input);
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
    details: byWhom(input),
  });
  await recordAudit(tx, {
    actor: input.actor,
    action: 'request_updated',
    subjectId: request.subjectId,
    entityType: 'request',
    entityId: request.id,
    reason: request.reference,
    details: { from: request.state, to: 'WITHDRAWN', ...byWhom(input) },
  });
}

/**
 * The subject (or their representative) writes to the operator about an open request, with
 * documents if asked for. An answer to "awaiting information" puts the request back in progress.
 */
export async function postSubjectMessage(tx: Tx, input: Party & { body: string; uploads: Upload[]; actor: Actor }) {
  const request = await lockPartyRequest(tx, input);
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
      details: byWhom(input),
    })
    .returning({ id: requestEvents.id });
  await storeAttachments(tx, {
    requestId: request.id,
    subjectId: request.subjectId,
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
      details: byWhom(input),
    });
  } else {
    await tx.update(requests).set({ updatedAt: now }).where(eq(requests.id, request.id));
  }
}
