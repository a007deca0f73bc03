import { and, eq, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { subjects, type Subject } from '@/db/schema/subjects';

/** The subject a signed-in person is: linked by account, or by the e-mail address they proved they own. */
export async function findSubjectForUser(
  db: DbOrTx,
  user: { id: string; email: string },
): Promise<Subject | null> {
  const [subject] = await db
    .select()
    .from(subjects)
    .where(or(eq(subjects.userId, user.id), and(isNull(subjects.userId), eq(subjects.email, user.email))))
    .limit(1);
  return subject ?? null;
}

/** Links the subject with this e-mail to the account that just signed in with it. */
export async function linkSubjectToUser(db: DbOrTx, user: { id: string; email: string }): Promise<Subject | null> {
  const [subject] = await db
    .update(subjects)
    .set({ userId: user.id, updatedAt: new Date() })
    .where(and(eq(subjects.email, user.email), isNull(subjects.userId)))
    .returning();
  return subject ?? (await findSubjectForUser(db, user));
}
