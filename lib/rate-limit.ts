import { createHash } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { rateLimits } from '@/db/schema/limits';

/** A limit: at most `hits` within `windowSeconds`. */
export type Limit = { name: string; hits: number; windowSeconds: number };

/**
 * The portal's abuse limits, one place. Sign-in links cost an e-mail each and can flood a mailbox;
 * filing and messages create work for staff and e-mail for the subject; second-factor codes are
 * six digits and must not be guessed.
 */
export const limits = {
  signInPerAddress: { name: 'sign-in:address', hits: 5, windowSeconds: 15 * 60 },
  // An office behind one address signs in many people in a morning.
  signInPerClient: { name: 'sign-in:client', hits: 100, windowSeconds: 15 * 60 },
  // The relay's protection: 200 links a minute, enough for a breach notice's wave of visitors.
  signInGlobal: { name: 'sign-in:all', hits: 3000, windowSeconds: 15 * 60 },
  secondFactorPerUser: { name: 'second-factor:user', hits: 5, windowSeconds: 15 * 60 },
  // Requests and withdrawals together: a person withdrawing each of many consents still fits.
  filingPerSubject: { name: 'filing:subject', hits: 20, windowSeconds: 60 * 60 },
  messagesPerSubject: { name: 'messages:subject', hits: 30, windowSeconds: 60 * 60 },
  // An operator's system, per token: 1,000 calls a second on average over a minute, room for a
  // system writing one item a call at the 500 a second the API is built for (issue 13), low enough
  // that a runaway loop is stopped.
  apiPerToken: { name: 'api:token', hits: 60_000, windowSeconds: 60 },
} as const satisfies Record<string, Limit>;

/** `retryAt`: when the window ends, by the database's clock (the next hit then starts a new one). */
export type LimitResult = {
  allowed: boolean;
  /** Of `count` hits counted at once, how many fit (the first ones). */
  allowedOf?: number;
  retryAfterSeconds: number;
  retryAt: Date;
};

/** The row of `who` under `limit`: a hash, so nothing limited (an address, an IP) is stored in clear. */
export const limitKey = (limit: Limit, who: string) =>
  createHash('sha256').update(`${limit.name}\u0000${who}`).digest('hex');

/**
 * Counts a hit of `who` against `limit` (or `count` at once: a group of API calls written together)
 * and says whether it is allowed. A fixed window in one
 * atomic statement, so concurrent requests on any number of instances count exactly (no read then
 * write). rate-limiter-flexible would do the same but speaks node-postgres, not the postgres.js
 * pool the portal already has; this is the one statement it would run.
 */
export async function hitLimit(db: DbOrTx, limit: Limit, who: string, count = 1): Promise<LimitResult> {
  return (await hitLimitEach(db, limit, new Map([[who, count]]))).get(who)!;
}

/**
 * hitLimit for several `who` at once (a group of API calls from many tokens, lib/api/authenticate.ts
 * admitCalls), in one statement. The rows are taken in key order, so two such statements at once
 * wait for each other rather than deadlock.
 */
export async function hitLimitEach(
  db: DbOrTx,
  limit: Limit,
  counts: Map<string, number>,
): Promise<Map<string, LimitResult>> {
  const window = sql.raw(`interval '${Number(limit.windowSeconds)} seconds'`);
  const whoOf = new Map([...counts.keys()].map((who) => [limitKey(limit, who), who]));
  const hits = [...whoOf].map(([k, who]) => ({ k, c: counts.get(who)! })).sort((a, b) => (a.k < b.k ? -1 : 1));
  const rows = await db.execute<{ key: string; hits: number; retry_after: number; retry_at_ms: number }>(sql`
    insert into rate_limits (key, window_start, hits)
    select k, now(), c from json_to_recordset(${JSON.stringify(hits)}::json) as r(k text, c int) order by k
    on conflict (key) do update set
      window_start = case when rate_limits.window_start <= now() - ${window} then now() else rate_limits.window_start end,
      hits = case when rate_limits.window_start <= now() - ${window} then excluded.hits else rate_limits.hits + excluded.hits end
    returning key, hits, ceil(extract(epoch from (window_start + ${window} - now())))::int as retry_after,
      (extract(epoch from (window_start + ${window})) * 1000)::float8 as retry_at_ms`);
  return new Map(
    rows.map((row) => {
      const who = whoOf.get(row.key)!;
      const count = counts.get(who)!;
      return [
        who,
        {
          allowed: row.hits <= limit.hits,
          allowedOf: Math.max(0, Math.min(count, limit.hits - (row.hits - count))),
          retryAfterSeconds: Math.max(1, row.retry_after),
          retryAt: new Date(Number(row.retry_at_ms)),
        },
      ];
    }),
  );
}

/** Checks several limits for one attempt; the first one exceeded answers. Every limit counts the hit. */
export async function hitLimits(db: DbOrTx, checks: [Limit, string][]): Promise<LimitResult> {
  let verdict: LimitResult = { allowed: true, retryAfterSeconds: 0, retryAt: new Date() };
  for (const [limit, who] of checks) {
    const result = await hitLimit(db, limit, who);
    if (!result.allowed && verdict.allowed) verdict = result;
  }
  return verdict;
}

/**
 * When a refused person may try again, as every refusal says it (issue 14, point 13): the time in
 * Kazakhstan (Asia/Almaty, as every time the portal shows) when the window ends, rounded up to the
 * minute so that trying at the minute shown never fails, and the whole minutes until then. A 24-hour
 * clock in every language, as Kazakhstan writes times. The same for every address and person, so it
 * says nothing about whether an address is known.
 */
export function retryWhen(verdict: LimitResult, locale: string, now = new Date()): { time: string; minutes: number } {
  const at = Math.ceil(verdict.retryAt.getTime() / 60_000) * 60_000;
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Asia/Almaty',
  }).format(at);
  return { time, minutes: Math.max(1, Math.ceil((at - now.getTime()) / 60_000)) };
}

/** Forgets windows that ended more than a day ago (the daily clean-up). */
export async function pruneLimits(db: DbOrTx, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, new Date(now.getTime() - 24 * 3600_000)))
    .returning({ key: rateLimits.key });
  return deleted.length;
}
