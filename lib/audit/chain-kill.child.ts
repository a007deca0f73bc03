import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { fileRequest } from '@/lib/requests/file';

/**
 * The process lib/audit/chain-kill.test.ts kills: it files a request for `subjectId` as the
 * portal's role, prints `filed <id>` once the request is written (its audit event waiting for the
 * commit), then either waits (`open`: killed before the commit) or commits (`commit`: killed while
 * the commit waits for the chain's lock, which the test holds; or left to finish, after a restart).
 */
const [url, mode, subjectId] = process.argv.slice(2);
const client = postgres(url!, { max: 1, onnotice: () => {}, connection: { application_name: 'chain-kill-child' } });
const db = drizzle(client, { casing: 'snake_case' });
await db.transaction(async (tx) => {
  const filed = await fileRequest(tx, { subjectId: subjectId!, type: 'RECTIFY', notify: true });
  process.stdout.write(`filed ${filed.id}\n`);
  // Holds the transaction open until the test kills this process.
  if (mode === 'open') await new Promise(() => setInterval(() => {}, 60_000));
});
process.stdout.write('committed\n');
await client.end();
