import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import type { OperatorProfile } from '@/db/schema/operator';

/**
 * The operator's profile is on every page (header, footer, metadata) and changes a few times a
 * year, so each server process keeps it between requests instead of reading it per request.
 * - A change announces itself: `operatorProfileChanged(tx)` sends a PostgreSQL NOTIFY, delivered to
 *   every process when the transaction commits; each process LISTENs and drops its copy. Whoever
 *   writes the row (saveOperatorProfile, a test, a manual UPDATE) calls it, or waits for the TTL.
 * - The TTL bounds staleness when a notification is missed: `listeningTtlMs` while the LISTEN
 *   connection is up, `ttlMs` (short) before it is up or after it failed. A (re)connected LISTEN
 *   also drops the copy, since notifications sent meanwhile are lost.
 * - A read that started before a change never stores its (possibly old) answer.
 */
export const OPERATOR_PROFILE_CHANNEL = 'derbes_operator_profile';

/** Inside the writing transaction: every process drops its copy once the change commits. */
export async function operatorProfileChanged(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_notify(${OPERATOR_PROFILE_CHANNEL}, '')`);
}

export type OperatorProfileCache = {
  get(): Promise<OperatorProfile | null>;
  /** Drops this process's copy (the writer's own process, without waiting for the notification). */
  invalidate(): void;
  /** Resolves once LISTEN is up (or has failed, leaving the short TTL). */
  ready: Promise<void>;
  /** Stops listening (tests, scripts). */
  close(): Promise<void>;
};

export function createOperatorProfileCache(
  db: Db,
  { ttlMs = 2_000, listeningTtlMs = 60_000, now = Date.now } = {},
): OperatorProfileCache {
  let generation = 0;
  let entry: { at: number; generation: number; profile: Promise<OperatorProfile | null> } | undefined;
  let listening = false;
  let unlisten: (() => Promise<void>) | undefined;
  const invalidate = () => {
    generation += 1;
    entry = undefined;
  };
  const started = db.$client
    .listen(OPERATOR_PROFILE_CHANNEL, invalidate, () => {
      listening = true;
      invalidate();
    })
    .then(
      (meta) => {
        unlisten = meta.unlisten;
      },
      () => {
        listening = false;
      },
    );
  return {
    get() {
      const at = now();
      if (entry && entry.generation === generation && at - entry.at < (listening ? listeningTtlMs : ttlMs))
        return entry.profile;
      const mine = generation;
      const profile = findOperatorProfile(db);
      entry = { at, generation: mine, profile };
      // A failed read is not kept: the next request asks again.
      profile.catch(() => {
        if (entry?.profile === profile) entry = undefined;
      });
      return profile;
    },
    invalidate,
    ready: started,
    async close() {
      await started;
      await unlisten?.();
    },
  };
}
