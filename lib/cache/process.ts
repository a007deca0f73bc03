import type { Db, DbOrTx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import type { OperatorProfile } from '@/db/schema/operator';
import { createDeadlineReferenceCache, type DeadlineReference } from '@/lib/deadlines/reference-cache';
import { createOperatorProfileCache, type OperatorProfileCache } from '@/lib/operator-profile/cache';
import type { NotifiedCache } from './notified';

/**
 * This process's copies of what nearly every page and write reads and almost never changes
 * (lib/cache/notified.ts says when a copy is dropped). The web server starts them on its database
 * (lib/operator.ts); a process that never does (the tests, the command line, the worker) reads
 * the database every time, as the functions below do without them. A process that starts them
 * works with one database: the one it passed. A transaction that changes what a cache holds
 * (lib/calendar/change.ts) reads it directly, never through the cache: a copy made from its
 * uncommitted rows would outlive a rollback.
 */
export type ProcessCaches = {
  operatorProfile: OperatorProfileCache;
  deadlines: NotifiedCache<DeadlineReference>;
};

const holder = globalThis as unknown as { derbesProcessCaches?: ProcessCaches };

export function startProcessCaches(db: Db): ProcessCaches {
  return (holder.derbesProcessCaches ??= {
    operatorProfile: createOperatorProfileCache(db),
    deadlines: createDeadlineReferenceCache(db),
  });
}

export function processCaches(): ProcessCaches | undefined {
  return holder.derbesProcessCaches;
}

/** Stops listening and forgets the copies (scripts and benchmarks that end). */
export async function stopProcessCaches(): Promise<void> {
  const caches = holder.derbesProcessCaches;
  holder.derbesProcessCaches = undefined;
  await Promise.all([caches?.operatorProfile.close(), caches?.deadlines.close()]);
}

/** The operator's profile: this process's copy, or read through `db` (which may be a transaction). */
export function operatorProfileOf(db: DbOrTx): Promise<OperatorProfile | null> {
  const cache = processCaches()?.operatorProfile;
  return cache ? cache.get(db) : findOperatorProfile(db);
}

/** After the writer's transaction commits: this process shows a calendar or policy change at once. */
export function forgetDeadlineReference(): void {
  processCaches()?.deadlines.invalidate();
}
