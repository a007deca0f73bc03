import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { apiIdempotencyKeys } from '@/db/schema/integrations';
import { canonicalJson } from '@/lib/consents/records';
import { ApiProblem } from './problems';

/**
 * `Idempotency-Key` on a write: a system that retries after a timeout does not write twice. The
 * first successful answer is kept a day with the request's fingerprint (method, path and the body
 * as canonical JSON, so key order and spacing do not matter); the same key again with the same
 * request gets that answer again, marked `Idempotent-Replayed: true`; with another request, 422
 * `idempotency-conflict`. An answer that was a problem is not kept: nothing was written, and the
 * retry runs again. Keys are per token.
 */
export const IDEMPOTENCY_HOURS = 24;
const KEY = /^[\x21-\x7e]{1,255}$/;

export type StoredAnswer = { status: number; body: unknown };

export function readIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  if (!KEY.test(header))
    throw new ApiProblem('validation', 'Idempotency-Key is 1 to 255 visible ASCII characters.', {
      errors: [{ field: 'Idempotency-Key', code: 'invalid', detail: 'Use 1 to 255 visible ASCII characters.' }],
    });
  return header;
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  const hash = createHash('sha256')
    .update(body === undefined ? '' : canonicalJson(body))
    .digest('hex');
  return `${method} ${path} ${hash}`;
}

/** The answer kept for this key, or null the first time; refused when the key was used for another request. */
export async function findStoredAnswer(
  tx: Tx,
  tokenId: string,
  key: string,
  fingerprint: string,
): Promise<StoredAnswer | null> {
  const [row] = await tx
    .select({
      fingerprint: apiIdempotencyKeys.fingerprint,
      status: apiIdempotencyKeys.responseStatus,
      body: apiIdempotencyKeys.responseBody,
    })
    .from(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.tokenId, tokenId), eq(apiIdempotencyKeys.key, key)));
  if (!row) return null;
  if (row.fingerprint !== fingerprint)
    throw new ApiProblem('idempotency-conflict', 'Use a new Idempotency-Key for a different request.');
  return { status: row.status, body: row.body };
}

/**
 * Keeps the answer, in the write's transaction. Two retries at once: the second's insert meets the
 * first's key (a unique violation), its transaction rolls back, and the route runs it again, which
 * then finds the answer kept (lib/api/handler.ts).
 */
export async function storeAnswer(tx: Tx, tokenId: string, key: string, fingerprint: string, answer: StoredAnswer) {
  await tx.insert(apiIdempotencyKeys).values({
    tokenId,
    key,
    fingerprint,
    responseStatus: answer.status,
    responseBody: answer.body ?? null,
  });
}

/** Forgets keys older than a day (the jobs catalogue's api-idempotency sweep). */
export async function sweepIdempotencyKeys(db: DbOrTx, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(apiIdempotencyKeys)
    .where(lt(apiIdempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_HOURS * 3_600_000)))
    .returning({ key: apiIdempotencyKeys.key });
  return deleted.length;
}
