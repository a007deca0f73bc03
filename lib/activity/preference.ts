import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { subjects } from '@/db/schema/subjects';

/**
 * Art. 8-2: the subject turns the activity e-mails (lib/activity/digest.ts) on or off. It is their
 * own setting, not an action with their data, so it leaves no audit event.
 */
export async function setActivityEmails(tx: Tx, input: { subjectId: string; notify: boolean }): Promise<void> {
  await tx
    .update(subjects)
    .set({ notifyActivity: input.notify, updatedAt: new Date() })
    .where(eq(subjects.id, input.subjectId));
}
