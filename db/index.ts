import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

/**
 * The one database client. Created on first use (never at build time) from DATABASE_URL, which
 * scripts/start.ts sets to the embedded PostgreSQL server when the deployer gave none.
 */
function createDb(url: string) {
  const client = postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
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
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: start the portal with `npm start`, which provides one.');
    globalForDb.derbesDb = createDb(url);
  }
  return globalForDb.derbesDb;
}

/** Closes the pool, for scripts and tests that must exit. */
export async function closeDb(): Promise<void> {
  const db = globalForDb.derbesDb;
  globalForDb.derbesDb = undefined;
  await db?.$client.end({ timeout: 5 });
}
