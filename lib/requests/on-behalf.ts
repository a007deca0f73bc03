import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import type { RepresentativeRelationship } from '@/db/schema/representatives';
import { subjects, type Locale, type Subject } from '@/db/schema/subjects';
import { DomainError } from '@/lib/errors';
import type { Upload } from '@/lib/files/attachments';
import { isValidIin } from '@/lib/iin';
import type { FiledRequest } from './file';
import { fileSubjectRequest, subjectOfAccount } from './subject-requests';

export type OnBehalfInput = {
  /** The signed-in account, and the subject record it is, if the operator already has one. */
  account: { user: { id: string; email: string }; subject: Subject | null; locale: Locale };
  /** The representative's own name, as they give it on the form. */
  representativeName: string;
  represented: { fullName: string; iin: string };
  relationship: RepresentativeRelationship;
  description: string | null;
  uploads: Upload[];
  idempotencyKey: string | null;
};

/**
 * Art. 24(1)(1) by a representative, from their own account: they cannot see the subject's data, so
 * what they may ask for from the portal is to know what the operator holds (ACCESS); the other
 * requests name the subject's items and are filed in writing, which staff register with the same
 * representative fields. The request belongs to the subject with that IIN. If the operator holds no
 * one with it, a subject record with the given name and IIN is created so the request is still
 * registered and its deadline runs (Art. 10(2)); staff see that the subject was unknown. The
 * answer is the same either way: the form tells nobody whether the operator holds someone.
 */
export async function fileOnBehalf(tx: Tx, input: OnBehalfInput): Promise<FiledRequest> {
  const { iin, fullName } = input.represented;
  const own = input.account.subject?.iin;
  if (!isValidIin(iin) || iin === own || input.uploads.length === 0 || !input.representativeName.trim())
    throw new DomainError('invalid');
  const representative = await subjectOfAccount(tx, input.account, input.representativeName);
  const [known] = await tx.select({ id: subjects.id }).from(subjects).where(eq(subjects.iin, iin));
  if (known?.id === representative.id) throw new DomainError('invalid');
  const subjectId =
    known?.id ?? (await tx.insert(subjects).values({ fullName, iin }).returning({ id: subjects.id }))[0]!.id;
  return fileSubjectRequest(tx, {
    subjectId,
    actor: { id: input.account.user.id, role: 'subject' },
    request: { type: 'ACCESS', description: input.description },
    uploads: input.uploads,
    idempotencyKey: input.idempotencyKey,
    representative: {
      fullName: input.representativeName,
      relationship: input.relationship,
      representativeSubjectId: representative.id,
      representedName: fullName,
      subjectWasKnown: Boolean(known),
    },
  });
}
