import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { removeEmbeddedCluster, startEmbeddedPostgres } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';

/** A statement as it was sent, to EXPLAIN it exactly so. */
export type SentStatement = { query: string; params: unknown[] };

/**
 * A throwaway embedded PostgreSQL for a query benchmark (bench/queue.ts, bench/audit-search.ts),
 * migrated, with one connection that forces generic plans — what a prepared statement gets after
 * its fifth run in the portal, and the plan a partial index must survive — and remembers the last
 * statement it sent. `close` stops the server and removes its folder.
 */
export async function openQueryBench(folder: string) {
  const dir = path.resolve('.data', folder);
  removeEmbeddedCluster(dir);
  const server = await startEmbeddedPostgres({ dataDir: dir, database: 'bench' });
  let last: SentStatement | null = null;
  const client = postgres(server.url, {
    max: 1,
    onnotice: () => {},
    connection: { plan_cache_mode: 'force_generic_plan' },
    debug: (_connection, query, params) => {
      last = { query, params: params as unknown[] };
    },
  });
  const db = drizzle(client, { casing: 'snake_case' });
  await migrateDatabase(server.url);
  return {
    client,
    db,
    lastSent: (): SentStatement | null => last,
    close: async () => {
      await client.end();
      await server.stop();
      removeEmbeddedCluster(dir);
    },
  };
}
