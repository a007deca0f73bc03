import { and, desc, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { sessions, users } from '@/db/schema/auth';

/** A live session (by its token's hash) with the account behind it, or null. */
export async function findLiveSession(db: DbOrTx, tokenHash: string, now: Date) {
  const [row] = await db
    .select({
      tokenHash: sessions.sessionToken,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      secondFactorAt: sessions.secondFactorAt,
      user: { id: users.id, email: users.email, role: users.role, disabledAt: users.disabledAt },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, tokenHash), gt(sessions.expires, now)));
  return row ?? null;
}
export type LiveSession = NonNullable<Awaited<ReturnType<typeof findLiveSession>>>;

export async function touchSession(db: DbOrTx, tokenHash: string, now: Date, expires: Date) {
  await db.update(sessions).set({ lastSeenAt: now, expires }).where(eq(sessions.sessionToken, tokenHash));
}

/** A person's sessions that have not expired, most recently used first. */
export async function listLiveSessions(db: DbOrTx, userId: string, now: Date) {
  return db
    .select({
      tokenHash: sessions.sessionToken,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      clientAddress: sessions.clientAddress,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expires, now)))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function deleteSessionsOf(db: DbOrTx, userId: string): Promise<number> {
  const ended = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId });
  return ended.length;
}

/** Expired sessions, removed by the daily clean-up. */
export async function deleteExpiredSessions(db: DbOrTx, now: Date): Promise<number> {
  const ended = await db.delete(sessions).where(lt(sessions.expires, now)).returning({ userId: sessions.userId });
  return ended.length;
}
