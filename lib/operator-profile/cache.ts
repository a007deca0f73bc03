import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import type { OperatorProfile } from '@/db/schema/operator';
import { createNotifiedCache, type NotifiedCache, type NotifiedCacheOptions } from '@/lib/cache/notified';

/**
 * The operator's profile is on every page (header, footer, metadata) and in every e-mail, and
 * changes a few times a year, so each server process keeps it (lib/cache/notified.ts says when it
 * is dropped). Whoever writes the row (saveOperatorProfile, a test, a manual UPDATE) announces it
 * with `operatorProfileChanged(tx)`, or waits for the TTL.
 */
export const OPERATOR_PROFILE_CHANNEL = 'derbes_operator_profile';

/** Inside the writing transaction: every process drops its copy once the change commits. */
export async function operatorProfileChanged(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_notify(${OPERATOR_PROFILE_CHANNEL}, '')`);
}

export type OperatorProfileCache = NotifiedCache<OperatorProfile | null>;

export function createOperatorProfileCache(db: Db, options: NotifiedCacheOptions = {}): OperatorProfileCache {
  return createNotifiedCache(db, OPERATOR_PROFILE_CHANNEL, findOperatorProfile, options);
}
