import type { Tx } from '@/db';
import { DomainError } from '@/lib/errors';
import type { Upload } from '@/lib/files/attachments';
import type { SubjectRequestInput } from '@/lib/requests/subject-requests';
import { fileSubjectRequest } from '@/lib/requests/subject-requests';
import { authorize } from '@/lib/auth/authorize';
import type { StaffRefusal } from '@/lib/errors';
import type { NewRepresentative } from '@/lib/requests/representatives';

type User = Parameters<typeof authorize>[0];

/**
 * Art. 10(2): a request received on paper or by e-mail is registered by staff on the subject's
 * behalf, with the date it was really received and the scan attached. From then on it follows the
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
  },
) {
  const staff = authorize(user, 'requests.intake');
  const now = Date.now();
  const age = now - input.registeredAt.getTime();
  if (Number.isNaN(age) || age < -60_000 || age > 366 * 86_400_000) throw new DomainError<StaffRefusal>('invalid');
  if (input.uploads.length === 0) throw new DomainError<StaffRefusal>('invalid');
  return fileSubjectRequest(tx, { ...input, actor: staff });
}
