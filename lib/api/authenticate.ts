import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { apiTokens, type ApiScope } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { hitLimit, hitLimitEach, limits, type LimitResult } from '@/lib/rate-limit';
import { ApiProblem } from './problems';
import { hashApiToken, TOKEN_PREFIX } from './tokens';

/** Who calls the API: a token, the system it belongs to, what it may do. */
export type ApiCaller = {
  tokenId: string;
  tokenName: string;
  systemId: string;
  systemCode: string;
  scopes: ApiScope[];
};

// A token's last use is written at most once a minute: a busy system would otherwise update the
// same row on every call.
const LAST_USED_PRECISION_MS = 60_000;
const TOKEN_SHAPE = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

const refuse = (detail: string) =>
  new ApiProblem('unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer realm="derbes", error="invalid_token"' });

/**
 * `Authorization: Bearer dbs_…`: the token looked up by its SHA-256, refused when unknown, revoked,
 * expired or its system retired (401, problem `unauthorized`). No session cookie counts here.
 */
export async function authenticate(db: DbOrTx, authorization: string | null, now = new Date()): Promise<ApiCaller> {
  const token = bearerToken(authorization);
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      systemId: systems.id,
      systemCode: systems.code,
      systemRetiredAt: systems.retiredAt,
    })
    .from(apiTokens)
    .innerJoin(systems, eq(systems.id, apiTokens.systemId))
    .where(eq(apiTokens.tokenHash, hashApiToken(token)));
  if (!row) throw refuse('The token is unknown.');
  const refused = whyRefused(row, now);
  if (refused) throw refused;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    const since = new Date(now.getTime() - LAST_USED_PRECISION_MS);
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, since))));
  }
  return {
    tokenId: row.id,
    tokenName: row.name,
    systemId: row.systemId,
    systemCode: row.systemCode,
    scopes: row.scopes,
  };
}

function bearerToken(authorization: string | null): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw refuse('Send the token as "Authorization: Bearer dbs_…".');
  const token = match[1]!;
  if (!TOKEN_SHAPE.test(token)) throw refuse('The token is not a Derbes API token.');
  return token;
}

type Validity = { revokedAt: Date | null; expiresAt: Date; systemRetiredAt: Date | null };

function whyRefused(token: Validity, now: Date): ApiProblem | null {
  if (token.revokedAt) return refuse('The token was revoked.');
  if (token.expiresAt <= now) return refuse('The token has expired.');
  if (token.systemRetiredAt) return refuse("The token's system was retired from the inventory.");
  return null;
}

// The callers of tokens seen in the last minute, by the token's hash, for calls that share a group's
// transaction (lib/api/group-commit.ts): such a call is not looked up on its own, a round trip a call
// at 500 calls a second; admitCalls checks its token again in the transaction that writes it, so a
// token revoked or expired a moment ago writes nothing. Within a minute, as the last use is kept.
const recent = new Map<string, { caller: ApiCaller; until: number }>();
const RECENT_MAX = 1000;

/** authenticate, for a call whose token admitCalls checks again where it writes. */
export async function authenticateRecent(
  db: DbOrTx,
  authorization: string | null,
  now = new Date(),
): Promise<ApiCaller> {
  const hash = hashApiToken(bearerToken(authorization));
  const seen = recent.get(hash);
  if (seen && seen.until > now.getTime()) return seen.caller;
  const caller = await authenticate(db, authorization, now);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(hash, { caller, until: now.getTime() + LAST_USED_PRECISION_MS });
  return caller;
}

/**
 * The calls of a group written together (lib/api/group-commit.ts), admitted in its transaction: each
 * token checked again (revoked, expired, its system retired: 401, as authenticate answers) and the
 * calls counted against their tokens' limits (429 once a limit is reached), one statement each for
 * the whole group rather than one commit a call on the token's row, which would queue every call of
 * a busy token behind the one before. Gives, a call, its problem or null.
 */
export async function admitCalls(db: DbOrTx, callers: ApiCaller[], now = new Date()): Promise<(ApiProblem | null)[]> {
  const ids = [...new Set(callers.map((c) => c.tokenId))];
  const rows = await db
    .select({
      id: apiTokens.id,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      systemRetiredAt: systems.retiredAt,
    })
    .from(apiTokens)
    .innerJoin(systems, eq(systems.id, apiTokens.systemId))
    .where(inArray(apiTokens.id, ids));
  const refusedOf = new Map(ids.map((id) => [id, refuse('The token is unknown.') as ApiProblem | null]));
  for (const row of rows) refusedOf.set(row.id, whyRefused(row, now));
  // A refused token is forgotten, so its next call is looked up afresh (the common case refuses none).
  if ([...refusedOf.values()].some(Boolean))
    for (const [hash, { caller }] of recent) if (refusedOf.get(caller.tokenId)) recent.delete(hash);

  const answers = callers.map((c) => refusedOf.get(c.tokenId) ?? null);
  const byToken = new Map<string, number[]>();
  callers.forEach(({ tokenId }, i) => {
    if (!answers[i]) byToken.set(tokenId, [...(byToken.get(tokenId) ?? []), i]);
  });
  if (byToken.size === 0) return answers;
  const verdicts = await hitLimitEach(
    db,
    limits.apiPerToken,
    new Map([...byToken].map(([tokenId, calls]) => [tokenId, calls.length])),
  );
  for (const [tokenId, calls] of byToken) {
    const verdict = verdicts.get(tokenId)!;
    calls.slice(verdict.allowedOf ?? calls.length).forEach((i) => (answers[i] = rateLimited(verdict)));
  }
  return answers;
}

/** 403, problem `forbidden-scope`, naming the scope that is missing. */
export function requireScope(caller: ApiCaller, scope: ApiScope): void {
  if (!caller.scopes.includes(scope))
    throw new ApiProblem('forbidden-scope', `This operation needs the scope "${scope}".`, { scope });
}

/** The token's rate limit (lib/rate-limit.ts apiPerToken): 429, problem `rate-limited`, with Retry-After. */
export async function countCall(db: DbOrTx, caller: ApiCaller): Promise<void> {
  const verdict = await hitLimit(db, limits.apiPerToken, caller.tokenId);
  if (!verdict.allowed) throw rateLimited(verdict);
}

function rateLimited(verdict: LimitResult): ApiProblem {
  return new ApiProblem(
    'rate-limited',
    `At most ${limits.apiPerToken.hits} calls a minute per token.`,
    { retryAfter: verdict.retryAfterSeconds },
    { 'Retry-After': String(verdict.retryAfterSeconds) },
  );
}
