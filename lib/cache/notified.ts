import type { Db, DbOrTx } from '@/db';

/**
 * A value read from the database that changes a few times a year (the operator's profile, the
 * working calendar and deadline policies), kept by each server process between requests and
 * writes instead of read every time:
 * - A change announces itself with a PostgreSQL NOTIFY on `channel`, delivered to every process
 *   when the writing transaction commits; each process LISTENs and drops its copy. Who sends it is
 *   the cache's own business (the writer by hand, or a trigger on the tables: migration 0025).
 * - The TTL bounds staleness when a notification is missed: `listeningTtlMs` while the LISTEN
 *   connection is up, `ttlMs` (short) before it is up or after it failed. A (re)connected LISTEN
 *   also drops the copy, since notifications sent meanwhile are lost.
 * - A read that started before a change never stores its (possibly old) answer.
 * - Readers through their own transactions do not share a read in flight (one failing, or its
 *   transaction aborted, would fail the others): each reads, the first answer is kept.
 */
export type NotifiedCache<T> = {
  /**
   * The copy, or a fresh read. A caller inside a transaction passes it: the read goes through it,
   * never waiting for a connection of the pool that transactions like its own may all be holding.
   */
  get(through?: DbOrTx): Promise<T>;
  /** Drops this process's copy (the writer's own process, without waiting for the notification). */
  invalidate(): void;
  /** Resolves once LISTEN is up (or has failed, leaving the short TTL). */
  ready: Promise<void>;
  /** Stops listening (tests, scripts). */
  close(): Promise<void>;
};

export type NotifiedCacheOptions = { ttlMs?: number; listeningTtlMs?: number; now?: () => number };

export function createNotifiedCache<T>(
  db: Db,
  channel: string,
  load: (db: DbOrTx) => Promise<T>,
  { ttlMs = 2_000, listeningTtlMs = 60_000, now = Date.now }: NotifiedCacheOptions = {},
): NotifiedCache<T> {
  let generation = 0;
  let entry: { at: number; generation: number; value: Promise<T> } | undefined;
  let listening = false;
  let unlisten: (() => Promise<void>) | undefined;
  const invalidate = () => {
    generation += 1;
    entry = undefined;
  };
  const started = db.$client
    .listen(channel, invalidate, () => {
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
    get(through) {
      const at = now();
      if (entry && entry.generation === generation && at - entry.at < (listening ? listeningTtlMs : ttlMs))
        return entry.value;
      const mine = generation;
      const value = load(through ?? db);
      if (!through) entry = { at, generation: mine, value };
      value.then(
        () => {
          // Kept unless a change came meanwhile, or a read started later is kept already.
          if (generation === mine && (!entry || entry.at < at)) entry = { at, generation: mine, value };
        },
        () => {
          // A failed read is not kept: the next caller asks again.
          if (entry?.value === value) entry = undefined;
        },
      );
      return value;
    },
    invalidate,
    ready: started,
    async close() {
      await started;
      await unlisten?.();
    },
  };
}
