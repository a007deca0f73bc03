import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { subjects, type Locale } from '@/db/schema/subjects';
import { recordAudit } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import type { Upload } from '@/lib/files/attachments';
import type { SubjectRequestInput } from '@/lib/requests/subject-requests';
import { fileSubjectRequest } from '@/lib/requests/subject-requests';
import { authorize, type Staff } from '@/lib/auth/authorize';
import type { StaffRefusal } from '@/lib/errors';
import type { NewRepresentative } from '@/lib/requests/representatives';

type User = Parameters<typeof authorize>[0];

/**
 * A paper request is kept as its scan. A request by e-mail is an electronic document in itself
 * (Art. 10(2)): its text goes into the form, and a file is attached only when there is one (the
 * e-mail printed to PDF, a representative's document).
 */
export function intakeNeedsScan(channel: 'paper' | 'email'): boolean {
  return channel === 'paper';
}

/**
 * Art. 10(2): a request received on paper or by e-mail is registered by staff on the subject's
 * behalf, with the date it was really received and, for paper, the scan attached. From then on it follows the
 * same deadlines, counted from that date, and the subject is told as for any request.
 */
export async function registerIntake(
  tx: Tx,
  user: User,
  input: {
    subjectId: string;
    request: SubjectRequestInput;
    channel: 'paper' | 'email';
    registeredAt: Date;
    uploads: Upload[];
    idempotencyKey: string | null;
    /** Filed on paper by the subject's representative, whose document is among the uploads. */
    representative?: NewRepresentative;
    /** For a subject without e-mail: where letters go, and the language they choose for them. */
    letters?: { postalAddress: string | null; locale: Locale };
  },
) {
  const staff = authorize(user, 'requests.intake');
  const now = Date.now();
  const age = now - input.registeredAt.getTime();
  if (Number.isNaN(age) || age < -60_000 || age > 366 * 86_400_000) throw new DomainError<StaffRefusal>('invalid');
  if (intakeNeedsScan(input.channel) && input.uploads.length === 0) throw new DomainError<StaffRefusal>('invalid');
  if (input.letters) await keepLetterDetails(tx, staff, input.subjectId, input.letters);
  return fileSubjectRequest(tx, { ...input, actor: staff });
}

/**
 * A paper request usually comes with the address to answer to. It is kept before the request is
 * filed, so the acknowledgement (a letter for a subject without e-mail) already goes there.
 */
async function keepLetterDetails(
  tx: Tx,
  staff: Staff,
  subjectId: string,
  details: { postalAddress: string | null; locale: Locale },
) {
  const [subject] = await tx
    .select({ email: subjects.email, postalAddress: subjects.postalAddress, locale: subjects.locale })
    .from(subjects)
    .where(eq(subjects.id, subjectId));
  if (!subject) throw new DomainError<StaffRefusal>('notFound');
  if (subject.email) return;
  const postalAddress = details.postalAddress ?? subject.postalAddress;
  if (!postalAddress) throw new DomainError<StaffRefusal>('invalid');
  if (postalAddress === subject.postalAddress && details.locale === subject.locale) return;
  await tx
    .update(subjects)
    .set({ postalAddress, locale: details.locale, updatedAt: new Date() })
    .where(eq(subjects.id, subjectId));
  await recordAudit(tx, {
    actor: staff,
    action: 'data_changed',
    subjectId,
    entityType: 'subject',
    entityId: subjectId,
    details: { fields: ['postal_address', 'locale'] },
  });
}
