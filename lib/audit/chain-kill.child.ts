import postgres from 'postgres';
import { drizzleOver } from '@/db';
import { fileRequest } from '@/lib/requests/file';

/**
 * The process lib/audit/chain-kill.test.ts kills: it files a request for `subjectId` through the
 * portal's own Drizzle (db/index.ts: its transaction chains the audit events after the commit), as
 * the portal's role, and prints `filed <id>` once the request is written (its audit event pending,
 * in the same transaction). Then either it waits (`open`: killed before the commit) or commits
 * (`commit`: killed after the commit while its chaining waits for the chain's lock, which the test
 * holds; or left to finish, after the "restart"). Its server session gives up within a tenth of a
 * second of this process's death (client_connection_check_interval), even while waiting for a
 * lock, as the session of a crashed portal would once its socket is gone.
 */
const [url, mode, subjectId] = process.argv.slice(2);
const client = postgres(url!, {
  max: 1,
  onnotice: () => {},
  connection: { application_name: 'chain-kill-child', client_connection_check_interval: 100 },
});
const db = drizzleOver(client);
await db.transaction(async (tx) => {
  const filed = await fileRequest(tx, { subjectId: subjectId!, type: 'RECTIFY', notify: true });
  process.stdout.write(`filed ${filed.id}\n`);
  // Holds the transaction open until the test kills this process.
  if (mode === 'open') await new Promise(() => setInterval(() => {}, 60_000));
});
process.stdout.write('committed and chained\n');
await client.end();
