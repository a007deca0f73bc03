import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { env } from '@/lib/env';

/**
 * The one database client. Created on first use (never at build time) from DATABASE_URL, which
 * `npm start` sets to the embedded PostgreSQL server in demo mode when the deployer gave none.
 */
function createDb(url: string, poolSize: number) {
  const client = postgres(url, {
    max: poolSize,
    // Fail within seconds when the server cannot be reached, rather than hold the request.
    connect_timeout: 10,
    onnotice: () => {},
    // Timestamps are compared and formatted in UTC; Kazakhstan time is applied where shown.
    connection: { TimeZone: 'UTC', application_name: 'derbes' },
  });
  return drizzle(client, { casing: 'snake_case' });
}

export type Db = ReturnType<typeof createDb>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Query functions take either, so a caller can run them inside its own transaction. */
export type DbOrTx = Db | Tx;

const globalForDb = globalThis as unknown as { derbesDb?: Db };

export function getDb(): Db {
  if (!globalForDb.derbesDb) {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    if (!DATABASE_URL)
      throw new Error('DATABASE_URL is not set: start the portal with `npm start`, which provides one.');
    globalForDb.derbesDb = createDb(DATABASE_URL, DATABASE_POOL_SIZE);
  }
  return globalForDb.derbesDb;
}

/** Closes the pool, for scripts and tests that must exit. */
export async function closeDb(): Promise<void> {
  const db = globalForDb.derbesDb;
  globalForDb.derbesDb = undefined;
  await db?.$client.end({ timeout: 5 });
}
