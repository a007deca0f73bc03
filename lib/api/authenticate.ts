import { and, eq, isNull, lt, or } from 'drizzle-orm';
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
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw refuse('Send the token as "Authorization: Bearer dbs_…".');
  const token = match[1]!;
  if (!TOKEN_SHAPE.test(token)) throw refuse('The token is not a Derbes API token.');
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
  if (row.revokedAt) throw refuse('The token was revoked.');
  if (row.expiresAt <= now) throw refuse('The token has expired.');
  if (row.systemRetiredAt) throw refuse("The token's system was retired from the inventory.");
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

/**
 * The calls of a group written together (lib/api/group-commit.ts), counted in its transaction: one
 * statement for all tokens rather than one commit a call on the token's row, which would queue every call
 * of a busy token behind the one before. Gives, a call, the 429 it gets once the limit is reached.
 */
export async function countCalls(db: DbOrTx, callers: ApiCaller[]): Promise<(ApiProblem | null)[]> {
  const byToken = new Map<string, number[]>();
  callers.forEach(({ tokenId }, i) => byToken.set(tokenId, [...(byToken.get(tokenId) ?? []), i]));
  const verdicts = await hitLimitEach(
    db,
    limits.apiPerToken,
    new Map([...byToken].map(([tokenId, calls]) => [tokenId, calls.length])),
  );
  const answers: (ApiProblem | null)[] = callers.map(() => null);
  for (const [tokenId, calls] of byToken) {
    const verdict = verdicts.get(tokenId)!;
    calls.slice(verdict.allowedOf ?? calls.length).forEach((i) => (answers[i] = rateLimited(verdict)));
  }
  return answers;
}

function rateLimited(verdict: LimitResult): ApiProblem {
  return new ApiProblem(
    'rate-limited',
    `At most ${limits.apiPerToken.hits} calls a minute per token.`,
    { retryAfter: verdict.retryAfterSeconds },
    { 'Retry-After': String(verdict.retryAfterSeconds) },
  );
}
