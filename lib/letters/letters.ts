import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { letters, type Letter } from '@/db/schema/letters';
import { requests } from '@/db/schema/requests';
import { transfers } from '@/db/schema/transfers';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { DomainError, type StaffRefusal } from '@/lib/errors';

type User = Parameters<typeof authorize>[0];

export type LetterRow = Letter & { reference: string | null };

/** Letters still to post, oldest first (the order staff post them in). */
export async function listPendingLetters(db: DbOrTx): Promise<LetterRow[]> {
  const rows = await db
    .select({ letter: letters, reference: requests.reference })
    .from(letters)
    .leftJoin(requests, eq(requests.id, letters.requestId))
    .where(isNull(letters.postedAt))
    .orderBy(asc(letters.createdAt), asc(letters.id));
  return rows.map((r) => ({ ...r.letter, reference: r.reference }));
}

export async function findLetter(db: DbOrTx, id: string): Promise<LetterRow | null> {
  const [row] = await db
    .select({ letter: letters, reference: requests.reference })
    .from(letters)
    .leftJoin(requests, eq(requests.id, letters.requestId))
    .where(eq(letters.id, id));
  return row ? { ...row.letter, reference: row.reference } : null;
}

/**
 * Staff posted the letter: it is marked posted (once), the subject sees it in their activity, and
 * an Art. 19 transfer notice counts as sent on that day.
 */
export async function markLetterPosted(tx: Tx, user: User, letterId: string): Promise<void> {
  const staff = authorize(user, 'letters.post');
  const now = new Date();
  const [letter] = await tx
    .update(letters)
    .set({ postedAt: now, postedById: staff.id })
    .where(and(eq(letters.id, letterId), isNull(letters.postedAt)))
    .returning();
  if (!letter) throw new DomainError<StaffRefusal>('stale');
  if (letter.transferId)
    await tx
      .update(transfers)
      .set({ noticeSentAt: now })
      .where(and(eq(transfers.id, letter.transferId), isNull(transfers.noticeSentAt)));
  await recordAudit(tx, {
    actor: staff,
    action: 'letter_posted',
    subjectId: letter.subjectId,
    entityType: 'letter',
    entityId: letter.id,
    details: { kind: letter.kind },
  });
}
