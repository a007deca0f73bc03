import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { users } from '@/db/schema/auth';
import { privacyNoticeVersions } from '@/db/schema/privacy-notice';
import { takeNoticeSnapshot, type NoticeSnapshot } from './snapshot';

export type NoticeVersion = { version: number; approvedAt: Date; snapshot: NoticeSnapshot };

const columns = {
  version: privacyNoticeVersions.version,
  approvedAt: privacyNoticeVersions.approvedAt,
  snapshot: privacyNoticeVersions.snapshot,
};

/** The version of the privacy notice in force: the one /{locale}/privacy shows and consents point to. */
export async function currentNoticeVersion(db: DbOrTx): Promise<NoticeVersion | null> {
  const [row] = await db
    .select(columns)
    .from(privacyNoticeVersions)
    .orderBy(desc(privacyNoticeVersions.version))
    .limit(1);
  return (row as NoticeVersion | undefined) ?? null;
}

/** A version by number, current or past: /{locale}/privacy/v/N. */
export async function findNoticeVersion(db: DbOrTx, version: number): Promise<NoticeVersion | null> {
  if (!Number.isSafeInteger(version) || version < 1) return null;
  const [row] = await db.select(columns).from(privacyNoticeVersions).where(eq(privacyNoticeVersions.version, version));
  return (row as NoticeVersion | undefined) ?? null;
}

/** Every version, oldest first, without the snapshots. */
export async function listNoticeVersions(db: DbOrTx) {
  return db
    .select({ version: privacyNoticeVersions.version, approvedAt: privacyNoticeVersions.approvedAt })
    .from(privacyNoticeVersions)
    .orderBy(asc(privacyNoticeVersions.version));
}

/** Every version, oldest first, with its snapshot and the name of who approved it (the back office's history). */
export async function listVersionsWithSnapshots(db: DbOrTx) {
  const rows = await db
    .select({ ...columns, approvedBy: users.name })
    .from(privacyNoticeVersions)
    .leftJoin(users, eq(users.id, privacyNoticeVersions.approvedById))
    .orderBy(asc(privacyNoticeVersions.version));
  return rows as (NoticeVersion & { approvedBy: string | null })[];
}

/**
 * Appends the next version, snapshotting the operator profile and inventory as they are now. Only
 * lib/inventory/approve.ts (the dpo's approval of the draft) and the first start call it.
 */
export async function appendNoticeVersion(
  tx: Tx,
  approvedById: string | null,
): Promise<{ version: number; snapshot: NoticeSnapshot }> {
  // One publication at a time: the next number is read and written under this lock.
  await tx.execute(sql`lock table ${privacyNoticeVersions} in share row exclusive mode`);
  const [last] = await tx
    .select({ version: privacyNoticeVersions.version })
    .from(privacyNoticeVersions)
    .orderBy(desc(privacyNoticeVersions.version))
    .limit(1);
  const version = (last?.version ?? 0) + 1;
  const snapshot = await takeNoticeSnapshot(tx);
  await tx.insert(privacyNoticeVersions).values({ version, approvedById, snapshot });
  return { version, snapshot };
}

/** The seed's version 1, approved by nobody in particular: only while no version exists. */
export async function publishFirstNoticeVersion(tx: Tx): Promise<void> {
  if (await currentNoticeVersion(tx)) return;
  await appendNoticeVersion(tx, null);
}
