import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import {
  requestRepresentatives,
  type RepresentativeRelationship,
  type RequestRepresentative,
} from '@/db/schema/representatives';
import { attachments, requestEvents, requests, type RequestType } from '@/db/schema/requests';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { recordEvent } from '@/lib/events/record';

/** Who acts for the subject on a request, as the form or the paper gave it. */
export type NewRepresentative = {
  fullName: string;
  relationship: RepresentativeRelationship;
  /** The account that filed it; absent for a paper request registered by staff. */
  representativeSubjectId?: string | null;
  /** The name they gave for the person (portal filing); shown back to them instead of the operator's record. */
  representedName?: string | null;
  subjectWasKnown?: boolean;
};

/** What the request's audit event carries, so the subject's activity names who acted for them. */
export function representativeAuditDetails(representative: NewRepresentative) {
  return { representative: { fullName: representative.fullName, relationship: representative.relationship } };
}

/** The request an event is about. */
type RequestRef = { id: string; reference: string; type: RequestType; subjectId: string };

/**
 * Records who filed the request for the subject, in the filing transaction; the event tells the
 * subject by e-mail that someone acted for them (lib/events/email.ts).
 */
export async function recordRepresentative(tx: Tx, request: RequestRef, representative: NewRepresentative) {
  const requestId = request.id;
  await tx.insert(requestRepresentatives).values({
    requestId,
    fullName: representative.fullName,
    relationship: representative.relationship,
    representativeSubjectId: representative.representativeSubjectId ?? null,
    representedName: representative.representedName ?? null,
    subjectWasKnown: representative.subjectWasKnown ?? true,
  });
  await recordEvent(tx, {
    type: 'request.filed_by_representative',
    subjectId: request.subjectId,
    payload: {
      requestId,
      reference: request.reference,
      type: request.type,
      relationship: representative.relationship,
      fromAccount: Boolean(representative.representativeSubjectId),
    },
  });
}

export async function findRepresentative(db: DbOrTx, requestId: string): Promise<RequestRepresentative | null> {
  const [row] = await db.select().from(requestRepresentatives).where(eq(requestRepresentatives.requestId, requestId));
  return row ?? null;
}

/**
 * Art. 10(2), 24: a request filed by a representative is decided (executed, or refused on its
 * merits) only once staff confirmed from the document that they may act for the subject.
 */
export async function requireVerifiedAuthority(tx: Tx, requestId: string): Promise<void> {
  refuseIfUnverified((await findRepresentative(tx, requestId))?.authority ?? null);
}

/** requireVerifiedAuthority, with the representative's authority already read (null: no representative). */
export function refuseIfUnverified(authority: RequestRepresentative['authority'] | null): void {
  if (authority !== null && authority !== 'confirmed') throw new DomainError<StaffRefusal>('authorityUnverified');
}

/** The request's representative's authority, or null (an SQL fragment, for a statement that reads more). */
export const authorityOfSql = (requestId: string) =>
  sql<
    RequestRepresentative['authority'] | null
  >`(select authority from request_representatives where request_id = ${requestId})`;

/** Staff's verdict on the document, recorded with who and when; the caller audits it. */
export async function decideAuthority(
  tx: Tx,
  request: RequestRef,
  verdict: 'confirmed' | 'not_confirmed',
  staffId: string,
): Promise<void> {
  const requestId = request.id;
  const updated = await tx
    .update(requestRepresentatives)
    .set({ authority: verdict, verifiedById: staffId, verifiedAt: new Date() })
    .where(and(eq(requestRepresentatives.requestId, requestId), eq(requestRepresentatives.authority, 'unverified')))
    .returning({ requestId: requestRepresentatives.requestId });
  if (updated.length === 0) throw new DomainError<StaffRefusal>('invalid');
  await recordEvent(tx, {
    type: 'request.authority_decided',
    subjectId: request.subjectId,
    payload: { requestId, reference: request.reference, type: request.type, authority: verdict },
  });
}

/** Art. 24: the requests a person filed for others — and only those; never the subject's other requests or data. */
export async function listRepresentedRequests(db: DbOrTx, representativeSubjectId: string) {
  return db
    .select({
      id: requests.id,
      reference: requests.reference,
      type: requests.type,
      state: requests.state,
      registeredAt: requests.registeredAt,
      dueAt: requests.dueAt,
      representedName: requestRepresentatives.representedName,
      relationship: requestRepresentatives.relationship,
      authority: requestRepresentatives.authority,
    })
    .from(requestRepresentatives)
    .innerJoin(requests, eq(requests.id, requestRepresentatives.requestId))
    .where(eq(requestRepresentatives.representativeSubjectId, representativeSubjectId))
    .orderBy(desc(requests.registeredAt));
}

/**
 * One request the representative filed: its status, what the subject would read on it (the
 * timeline's subject-visible events) and its documents and answer. Another's request is not found.
 */
export async function findRepresentedRequest(db: DbOrTx, representativeSubjectId: string, requestId: string) {
  const [row] = await db
    .select({ request: requests, representative: requestRepresentatives })
    .from(requestRepresentatives)
    .innerJoin(requests, eq(requests.id, requestRepresentatives.requestId))
    .where(
      and(
        eq(requestRepresentatives.requestId, requestId),
        eq(requestRepresentatives.representativeSubjectId, representativeSubjectId),
      ),
    );
  if (!row) return null;
  const [events, files] = await Promise.all([
    db
      .select({
        id: requestEvents.id,
        at: requestEvents.at,
        kind: requestEvents.kind,
        actorRole: requestEvents.actorRole,
        body: requestEvents.body,
        toState: requestEvents.toState,
        details: requestEvents.details,
      })
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, requestId), eq(requestEvents.visibility, 'subject')))
      .orderBy(requestEvents.at, requestEvents.id),
    db
      .select({ id: attachments.id, fileName: attachments.fileName, byteSize: attachments.byteSize })
      .from(attachments)
      .where(and(eq(attachments.requestId, requestId), isNull(attachments.erasedAt))),
  ]);
  return { ...row, events, files };
}

/** A document of a request the representative filed; null for anyone else's or an erased one. */
export async function findRepresentedAttachment(
  db: DbOrTx,
  representativeSubjectId: string,
  requestId: string,
  attachmentId: string,
) {
  const [file] = await db
    .select({ fileName: attachments.fileName, contentType: attachments.contentType, content: attachments.content })
    .from(attachments)
    .innerJoin(requestRepresentatives, eq(requestRepresentatives.requestId, attachments.requestId))
    .where(
      and(
        eq(attachments.id, attachmentId),
        eq(attachments.requestId, requestId),
        eq(requestRepresentatives.representativeSubjectId, representativeSubjectId),
      ),
    );
  return file ?? null;
}

/** The representatives of these requests, for the subject's own list and page ("filed by …"). */
export async function representativesOf(db: DbOrTx, requestIds: string[]) {
  if (requestIds.length === 0) return new Map<string, RequestRepresentative>();
  const rows = await db
    .select()
    .from(requestRepresentatives)
    .where(inArray(requestRepresentatives.requestId, requestIds));
  return new Map(rows.map((row) => [row.requestId, row]));
}
