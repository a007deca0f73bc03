import type { Db, Tx } from '@/db';

/** The PostgreSQL error code of a failure (postgres.js's, possibly wrapped by Drizzle). */
export function pgCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Failures of a transaction that met another at once, which the same transaction run again
 * resolves: serialization_failure and deadlock_detected (PostgreSQL chose this one to undo: two
 * executions changing one subject's name lock that subject's requests in opposite orders,
 * migration 0037), and for the API unique_violation (two writers added the same item or key).
 */
export const RACES = new Set(['40001', '40P01']);
export const API_RACES = new Set([...RACES, '23505']);
const RETRIES = 2;

/** A transaction, run again (up to twice) when it met another at once. */
export async function transactionWithRetries<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  races: ReadonlySet<string> = RACES,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= RETRIES || !races.has(pgCode(error) ?? '')) throw error;
    }
  }
}
