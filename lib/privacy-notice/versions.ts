import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { privacyNoticeVersions } from '@/db/schema/privacy-notice';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { takeNoticeSnapshot, type NoticeSnapshot } from './snapshot';

type User = Parameters<typeof authorize>[0];

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

/** Appends the next version, snapshotting the operator profile and inventory as they are now. */
async function appendVersion(tx: Tx, approvedById: string | null): Promise<number> {
  // One publication at a time: the next number is read and written under this lock.
  await tx.execute(sql`lock table ${privacyNoticeVersions} in share row exclusive mode`);
  const [last] = await tx
    .select({ version: privacyNoticeVersions.version })
    .from(privacyNoticeVersions)
    .orderBy(desc(privacyNoticeVersions.version))
    .limit(1);
  const version = (last?.version ?? 0) + 1;
  await tx.insert(privacyNoticeVersions).values({ version, approvedById, snapshot: await takeNoticeSnapshot(tx) });
  return version;
}

/**
 * The dpo approves the current inventory as the next version of the privacy notice. Past versions
 * stay as they were approved (the table is append-only). A later issue adds drafts and review.
 */
export async function publishNoticeVersion(tx: Tx, user: User): Promise<number> {
  const staff = authorize(user, 'notice.publish');
  const version = await appendVersion(tx, staff.id);
  await recordAudit(tx, {
    actor: staff,
    action: 'policy_changed',
    entityType: 'privacy_notice',
    entityId: String(version),
    details: { version },
  });
  return version;
}

/** The seed's version 1, approved by nobody in particular: only while no version exists. */
export async function publishFirstNoticeVersion(tx: Tx): Promise<void> {
  if (await currentNoticeVersion(tx)) return;
  await appendVersion(tx, null);
}
