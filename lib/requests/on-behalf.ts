import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import type { RepresentativeRelationship } from '@/db/schema/representatives';
import { subjects, type Subject } from '@/db/schema/subjects';
import type { Actor } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import type { Upload } from '@/lib/files/attachments';
import { isValidIin } from '@/lib/iin';
import type { FiledRequest } from './file';
import { fileSubjectRequest } from './subject-requests';

export type OnBehalfInput = {
  representative: Subject;
  actor: Actor;
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
 * registered and its deadline runs (Art. 10(2)); staff see that the subject was unknown.
 */
export async function fileOnBehalf(tx: Tx, input: OnBehalfInput): Promise<FiledRequest> {
  const { iin, fullName } = input.represented;
  if (!isValidIin(iin) || iin === input.representative.iin || input.uploads.length === 0)
    throw new DomainError('invalid');
  const [known] = await tx.select({ id: subjects.id }).from(subjects).where(eq(subjects.iin, iin));
  const subjectId =
    known?.id ?? (await tx.insert(subjects).values({ fullName, iin }).returning({ id: subjects.id }))[0]!.id;
  return fileSubjectRequest(tx, {
    subjectId,
    actor: input.actor,
    request: { type: 'ACCESS', description: input.description },
    uploads: input.uploads,
    idempotencyKey: input.idempotencyKey,
    representative: {
      fullName: input.representative.fullName ?? input.representative.email ?? '—',
      relationship: input.relationship,
      representativeSubjectId: input.representative.id,
      representedName: fullName,
      subjectWasKnown: Boolean(known),
    },
  });
}
