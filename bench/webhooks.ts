import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { Webhook } from 'standardwebhooks';
import { removeEmbeddedCluster, startEmbeddedPostgres } from '@/db/embedded';
import { drizzleOver } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { webhookEndpoints } from '@/db/schema/integrations';
import { applyEnv } from '@/lib/env';
import { recordEvent } from '@/lib/events/record';
import { newEndpointSecret, sealEndpointSecret } from '@/lib/webhooks/secrets';
import { createWebhookWorker } from '@/lib/webhooks/worker';

/**
 * `npm run bench:webhooks [-- --events N]`: the webhook fan-out of issue 13 ("10,000 events
 * delivered to a local receiver with 0 lost and 0 duplicates when the receiver is stopped and
 * restarted midway"). On a throwaway embedded PostgreSQL, with one endpoint and the example
 * receiver (examples/receiver/server.ts) as a real process:
 * 1. the floor: N plain HTTP POSTs of signed messages straight to the receiver, 32 at a time (the
 *    worker's concurrency), no database;
 * 2. N events recorded by recordEvent, one transaction each (four producers), which writes their
 *    deliveries (the recording is timed on its own);
 * 3. the worker in this process delivers them; at half the deliveries the receiver is stopped
 *    (SIGTERM: it finishes what it holds), left down two seconds, and started again (it replays
 *    its journal);
 * 4. counted at the receiver by webhook-id, from its journal: delivered, lost (an event's message
 *    the receiver never handled), handled twice; and the arrivals it refused as duplicates.
 * The retry backoff is one second here (the schedule itself is tested in lib/webhooks): what is
 * measured is throughput and that nothing is lost or done twice, not the waiting.
 */
const { values } = parseArgs({ options: { events: { type: 'string' } } });
const EVENTS = Number(values.events ?? 10_000);
const CONCURRENCY = 32;
const PRODUCERS = 4;
const PORT = 4590;

type Receiver = { child: ChildProcess; stopped: Promise<void> };

function startReceiver(secret: string, journal: string): Promise<Receiver> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/receiver/server.ts'], {
    env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(PORT), RECEIVER_JOURNAL: journal, DERBES_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('receiver listening')) resolve({ child, stopped });
    });
    child.once('exit', (code) => reject(new Error(`the receiver exited (${code})`)));
  });
}

async function receiverState(): Promise<{ handled: string[]; duplicates: number }> {
  return (await fetch(`http://127.0.0.1:${PORT}/state`)).json() as Promise<{ handled: string[]; duplicates: number }>;
}

/** The floor: the same receiver, signed messages POSTed directly, CONCURRENCY at a time. */
async function floor(secret: string): Promise<number> {
  const signer = new Webhook(secret);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EVENTS) {
        const i = next++;
        const id = `floor_${i}`;
        const now = new Date();
        const body = JSON.stringify({
          type: 'consent.expired',
          timestamp: now.toISOString(),
          data: { consentId: crypto.randomUUID() },
        });
        const response = await fetch(`http://127.0.0.1:${PORT}/webhooks`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signer.sign(id, now, body),
          },
          body,
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`floor: the receiver answered ${response.status}`);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

async function main() {
  const dir = path.resolve('.data/bench-webhooks');
  removeEmbeddedCluster(path.join(dir, 'pg'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const journal = path.join(dir, 'receiver-journal.jsonl');
  applyEnv({ AUTH_SECRET: 'bench-only-secret-of-at-least-32-bytes!!' });
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'bench' });
  const client = postgres(server.url, { max: 10, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  // The portal's Drizzle: its transactions chain their audit events after the commit (db/index.ts).
  const db = drizzleOver(client);
  let receiver: Receiver | null = null;
  try {
    await migrateDatabase(server.url);
    const L = `'{"kk": "CRM", "ru": "CRM", "en": "CRM"}'::jsonb`;
    await client.unsafe(`insert into systems (code, name, owner_department, country, storage_location, execution)
      values ('crm', ${L}, ${L}, 'KZ', ${L}, 'api')`);
    const [system] = await client<{ id: string }[]>`select id from systems`;
    const secret = newEndpointSecret();
    await db.insert(webhookEndpoints).values({
      systemId: system!.id,
      url: `http://127.0.0.1:${PORT}/webhooks`,
      eventTypes: ['consent.expired'],
      secretEncrypted: sealEndpointSecret(secret),
    });
    receiver = await startReceiver(secret, journal);

    const floorSeconds = await floor(secret);
    console.log(`floor: ${EVENTS} signed POSTs straight to the receiver in ${floorSeconds.toFixed(2)} s`);

    // The events, each in its own transaction as a business change would be: the fan-out writes
    // their deliveries (and would wake the worker, which is not started yet).
    const recordStarted = performance.now();
    let recorded = 0;
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        while (recorded < EVENTS) {
          recorded++;
          await db.transaction((tx) =>
            recordEvent(tx, { type: 'consent.expired', subjectId: null, payload: { consentId: crypto.randomUUID() } }),
          );
        }
      }),
    );
    const recordSeconds = (performance.now() - recordStarted) / 1000;

    const worker = createWebhookWorker({ db, backoff: () => 1, pollMs: 1000 });
    const started = performance.now();
    await worker.start();
    const delivered = async () =>
      Number(
        (
          await db.execute<{ n: string }>(sql`select count(*) as n from webhook_deliveries where state = 'delivered'`)
        )[0]!.n,
      );

    let duplicatesRefused = 0;
    let restarted = false;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const done = await delivered();
      if (!restarted && done >= EVENTS / 2) {
        restarted = true;
        duplicatesRefused += (await receiverState()).duplicates;
        receiver.child.kill('SIGTERM');
        await receiver.stopped;
        console.log(`receiver stopped at ${done} delivered; down for 2 s`);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        receiver = await startReceiver(secret, journal);
        console.log('receiver started again');
      }
      if (done >= EVENTS) break;
      if (performance.now() - started > 600_000) throw new Error(`only ${done} delivered after 10 minutes`);
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    duplicatesRefused += (await receiverState()).duplicates;

    const messageIds = new Set(
      (await client<{ messageId: string }[]>`select message_id as "messageId" from webhook_deliveries`).map(
        (r) => r.messageId,
      ),
    );
    const handledIds = readFileSync(journal, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id)
      .filter((id) => id.startsWith('msg_'));
    const unique = new Set(handledIds);
    const lost = [...messageIds].filter((id) => !unique.has(id)).length;
    const [attempts] = await client<{ retried: string; maxAttempts: number }[]>`
      select count(*) filter (where attempts > 1) as retried, max(attempts) as "maxAttempts" from webhook_deliveries`;

    console.log('');
    console.log(
      `events recorded        ${EVENTS} in ${recordSeconds.toFixed(2)} s (${Math.round(EVENTS / recordSeconds)}/s, ${PRODUCERS} producers, one transaction each, with the fan-out)`,
    );
    console.log(`delivered              ${unique.size}`);
    console.log(`lost                   ${lost}`);
    console.log(
      `handled twice          ${handledIds.length - unique.size}   (by webhook-id, in the receiver's journal)`,
    );
    console.log(`duplicate arrivals     ${duplicatesRefused}   (answered 200 by the receiver, not acted on)`);
    console.log(`retried deliveries     ${attempts!.retried} (most attempts for one: ${attempts!.maxAttempts})`);
    console.log(`time                   ${seconds.toFixed(2)} s, worker start to last delivery, with the 2 s outage`);
    console.log(`deliveries/s           ${Math.round(unique.size / seconds)}`);
    console.log(`floor (plain POSTs)    ${Math.round(EVENTS / floorSeconds)}/s`);
    console.log(`ratio                  ${(seconds / floorSeconds).toFixed(1)}× the floor's time`);
    if (lost !== 0 || handledIds.length !== unique.size || unique.size !== EVENTS) process.exitCode = 1;
  } finally {
    if (receiver && receiver.child.exitCode === null) {
      receiver.child.kill('SIGTERM');
      await receiver.stopped;
    }
    await client.end();
    await server.stop();
    removeEmbeddedCluster(path.join(dir, 'pg'));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
