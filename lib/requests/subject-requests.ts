import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '@/db';
import { findSubjectForUser } from '@/db/queries/subjects';
import { dataItems, subjects, type Locale, type Subject } from '@/db/schema/subjects';
import type { Actor } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import { storeAttachments, type Upload } from '@/lib/files/attachments';
import type { FiledRequest } from './file';
import { recordRepresentative, representativeAuditDetails, type NewRepresentative } from './representatives';
import { requestTypeOf, type SubjectRequestInput } from './types';

export type { SubjectRequestInput };

/**
 * The subject record of a signed-in account, made if the operator holds none. Someone the operator
 * holds nothing about may still ask for its formal answer (ACCESS, Art. 24(1)(1)), and a parent may
 * hold no data yet file for their child (lib/requests/on-behalf.ts): the record has the address they
 * signed in with, the name they gave (if any) and the page's language, so that their requests,
 * e-mails and abuse limits have someone to belong to. It holds no data item.
 */
export async function subjectOfAccount(
  tx: Tx,
  account: { user: { id: string; email: string }; subject: Subject | null; locale: Locale },
  fullName: string | null = null,
): Promise<Subject> {
  if (account.subject) return account.subject;
  const { user, locale } = account;
  await tx.insert(subjects).values({ email: user.email, userId: user.id, fullName, locale }).onConflictDoNothing();
  const subject = await findSubjectForUser(tx, user);
  if (!subject) throw new DomainError('notFound');
  return subject;
}

/**
 * A subject files one of the seven requests from the portal (or staff register it for them). What
 * each type needs is in its definition (lib/requests/types/); every id the form sent is checked
 * against the subject's own data inside the transaction: another subject's item, consent or purpose
 * is "not found", exactly as if it did not exist.
 */
export async function fileSubjectRequest(
  tx: Tx,
  input: {
    subjectId: string;
    actor: Actor;
    request: SubjectRequestInput;
    uploads: Upload[];
    idempotencyKey: string | null;
    /** Staff intake of a paper or e-mail request: its channel and real registration time (Art. 10(2)). */
    channel?: 'portal' | 'paper' | 'email';
    registeredAt?: Date;
    /** Art. 10(2), 24: filed for the subject by a legal representative or under a power of attorney. */
    representative?: NewRepresentative;
  },
): Promise<FiledRequest> {
  const { subjectId, request } = input;
  const ownItems = async (ids: string[]) => {
    if (ids.length === 0) return [];
    const rows = await tx
      .select({ id: dataItems.id, categoryId: dataItems.categoryId })
      .from(dataItems)
      .where(and(eq(dataItems.subjectId, subjectId), inArray(dataItems.id, ids), ne(dataItems.state, 'destroyed')));
    if (rows.length !== ids.length) throw new DomainError('notFound');
    return rows;
  };
  const common = {
    subjectId,
    actor: input.actor,
    idempotencyKey: input.idempotencyKey,
    channel: input.channel,
    registeredAt: input.registeredAt,
    auditDetails: input.representative ? representativeAuditDetails(input.representative) : undefined,
  };
  const filed = await requestTypeOf(request.type).file({ tx, subjectId, common, ownItems }, request);
  if (!filed.duplicate) {
    if (input.representative)
      await recordRepresentative(
        tx,
        { id: filed.id, reference: filed.reference, type: request.type, subjectId },
        input.representative,
      );
    await storeAttachments(tx, {
      requestId: filed.id,
      subjectId,
      eventId: filed.eventId,
      uploadedById: input.actor.id,
      uploads: input.uploads,
    });
  }
  return filed;
}
