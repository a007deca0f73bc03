/**
 * A system's webhook receiver for Derbes, using only the portal's public interfaces: the signed
 * webhooks (Standard Webhooks) and the REST API under /api/v1. Copy it as the start of your own.
 *
 * What it does, in the order a real system must:
 * 1. verifies the signature and the timestamp (the `standardwebhooks` package: `webhook-id`,
 *    `webhook-timestamp` within five minutes, `webhook-signature` with the endpoint's secret);
 * 2. deduplicates by `webhook-id`: the portal delivers at least once (a retry after a lost answer,
 *    an admin's "redeliver"), so a message already handled is answered 200 and not acted on again;
 * 3. for `task.created`, applies the change to its own store and closes the task through the API
 *    (`POST /api/v1/tasks/{id}/done` with its token); other events are only recorded;
 * 4. records the message as handled (an append-only journal, replayed at start) and answers 2xx.
 * If closing the task fails for a reason that may pass (the portal down, 5xx), it answers 503 and
 * the portal sends the same message again later; the change is idempotent.
 *
 * Run (from the repository): DERBES_URL=http://localhost:3000 DERBES_TOKEN=dbs_… WEBHOOK_SECRET=whsec_… \
 *   PORT=4000 node --import tsx examples/receiver/server.ts
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const config = {
  derbesUrl: (process.env.DERBES_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
  token: process.env.DERBES_TOKEN ?? '',
  secret: process.env.WEBHOOK_SECRET ?? '',
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST ?? '127.0.0.1',
  journal: process.env.RECEIVER_JOURNAL ?? 'receiver-journal.jsonl',
};
if (!config.secret.startsWith('whsec_')) {
  console.error('WEBHOOK_SECRET must be the endpoint secret shown by the back office (whsec_…)');
  process.exit(2);
}
const webhook = new Webhook(config.secret);
const MAX_BODY = 1024 * 1024;

/** What this system holds, by the portal's item id: its own copy of the data. */
type Item = { categoryCode: string; value?: string; state: 'active' | 'blocked' | 'destroyed' };
type TaskItem = { itemId: string; categoryCode: string; value?: string };
type Task = { taskId: string; action: string; reference: string; items: TaskItem[] };
type Entry = { id: string; type: string; at: string; task?: Task; data?: Record<string, unknown> };

const handled = new Set<string>();
const messages: Entry[] = [];
const items = new Map<string, Item>();
const inProgress = new Set<string>();
let duplicates = 0;

/** Applies a task's change to the store. Idempotent: applying it twice leaves the same state. */
function apply(task: Task): void {
  for (const item of task.items) {
    const current = items.get(item.itemId) ?? { categoryCode: item.categoryCode, state: 'active' };
    switch (task.action) {
      case 'rectify':
        if (item.value !== undefined) current.value = item.value;
        break;
      case 'destroy':
        delete current.value;
        current.state = 'destroyed';
        break;
      case 'block':
        current.state = 'blocked';
        break;
      case 'unblock':
        current.state = 'active';
        break;
      default: // stop_processing, public_remove: this example keeps the item as it is
        break;
    }
    items.set(item.itemId, current);
  }
}

// The journal: every message handled, in order. Replayed at start, so a restart forgets nothing.
// (A real system keeps its data in its own database: this file holds a RECTIFY's values in clear,
// and a destroyed item's old value would stay in it — fine for an example, not for production.)
if (existsSync(config.journal)) {
  for (const line of readFileSync(config.journal, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as Entry;
    handled.add(entry.id);
    messages.push(entry);
    if (entry.task) apply(entry.task);
  }
}

/** Closes the task through the API; true when the portal recorded it (or refused it for good). */
async function closeTask(task: Task): Promise<boolean> {
  if (!config.token) {
    console.warn(`task ${task.taskId}: no DERBES_TOKEN, not closed`);
    return true;
  }
  try {
    const response = await fetch(`${config.derbesUrl}/api/v1/tasks/${encodeURIComponent(task.taskId)}/done`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${config.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ note: `Done in the example receiver (${task.action})` }),
      signal: AbortSignal.timeout(10_000),
    });
    // Closing a task already closed the same way is a no-op answered 2xx, so a retry is safe.
    if (response.ok) return true;
    const problem = (await response.json().catch(() => ({}))) as { type?: string; title?: string };
    // 4xx will not change by retrying (a closed task, a token of another system): log it, stop.
    console.error(`task ${task.taskId}: closing answered ${response.status} ${problem.type ?? ''}`);
    return response.status < 500;
  } catch (error) {
    console.error(`task ${task.taskId}: the portal could not be reached (${(error as Error).message})`);
    return false;
  }
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, status: number, body: unknown = {}): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  if (body === null) return answer(response, 413, { error: 'too large' });
  let message: { type: string; timestamp: string; data: Record<string, unknown> };
  try {
    message = webhook.verify(body, request.headers as Record<string, string>) as typeof message;
  } catch (error) {
    // A wrong signature, or a timestamp outside the five-minute window (a replay): refused.
    if (error instanceof WebhookVerificationError) return answer(response, 401, { error: error.message });
    throw error;
  }
  const id = String(request.headers['webhook-id']);
  if (handled.has(id)) {
    duplicates++;
    return answer(response, 200, { duplicate: true });
  }
  // The same message in flight twice (a redelivery while the first is handled): the portal retries later.
  if (inProgress.has(id)) return answer(response, 409, { error: 'in progress' });
  inProgress.add(id);
  try {
    const entry: Entry = { id, type: message.type, at: new Date().toISOString() };
    if (message.type === 'task.created') {
      const task = message.data as unknown as Task;
      apply(task);
      if (!(await closeTask(task))) return answer(response, 503, { error: 'the task could not be closed yet' });
      entry.task = task;
    } else entry.data = message.data; // recorded only: ids, codes and times (the catalogue carries no personal values)
    appendFileSync(config.journal, `${JSON.stringify(entry)}\n`);
    handled.add(id);
    messages.push(entry);
    answer(response, 200, { ok: true });
  } finally {
    inProgress.delete(id);
  }
}

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://receiver').pathname;
  if (request.method === 'POST' && path === '/webhooks') {
    receive(request, response).catch((error: unknown) => {
      console.error('a message could not be handled', error);
      if (!response.headersSent) answer(response, 500, { error: 'internal error' });
    });
    return;
  }
  // What this system holds and has handled: for you to look at (and for the portal's tests).
  if (request.method === 'GET' && path === '/state')
    return answer(response, 200, { handled: [...handled], messages, duplicates, items: Object.fromEntries(items) });
  answer(response, 404, { error: 'not found' });
});

server.keepAliveTimeout = 30_000;
server.listen(config.port, config.host, () => {
  console.log(`receiver listening on http://${config.host}:${config.port}/webhooks (${handled.size} handled before)`);
});

// Stopping finishes the messages in hand, so none is handled without its answer.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
