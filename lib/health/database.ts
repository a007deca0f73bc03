import postgres from 'postgres';
import { env } from '@/lib/env';

/**
 * Is the database reachable? Asked by the proxy before every page, so that with PostgreSQL down a
 * visitor gets a 503 "temporarily unavailable" page in their language instead of an error. It is
 * cheap: its own single connection (not the pool, which may be busy), a `select 1` at most every
 * couple of seconds per process, and a short timeout; callers in between share the answer.
 */
const FRESH_MS = { up: 2_000, down: 1_000 };
const TIMEOUT_S = 2;

type State = { client?: postgres.Sql; checkedAt: number; reachable: boolean; pending?: Promise<boolean> };
const state = ((globalThis as unknown as { derbesDbProbe?: State }).derbesDbProbe ??= {
  checkedAt: 0,
  reachable: true,
});

async function probe(): Promise<boolean> {
  try {
    const { DATABASE_URL } = env();
    if (!DATABASE_URL) return false;
    state.client ??= postgres(DATABASE_URL, {
      max: 1,
      connect_timeout: TIMEOUT_S,
      idle_timeout: 30,
      onnotice: () => {},
      connection: { application_name: 'derbes-probe' },
    });
    await Promise.race([
      state.client`select 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_S * 1000)),
    ]);
    return true;
  } catch {
    // A broken connection is dropped, so the next probe connects afresh.
    const client = state.client;
    state.client = undefined;
    void client?.end({ timeout: 0 }).catch(() => {});
    return false;
  }
}

export async function isDatabaseReachable(): Promise<boolean> {
  const age = Date.now() - state.checkedAt;
  if (age < (state.reachable ? FRESH_MS.up : FRESH_MS.down)) return state.reachable;
  state.pending ??= probe().then((reachable) => {
    Object.assign(state, { reachable, checkedAt: Date.now(), pending: undefined });
    return reachable;
  });
  return state.pending;
}
