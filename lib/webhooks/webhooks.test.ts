import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { auditEvents } from '@/db/schema/audit';
import { users } from '@/db/schema/auth';
import { domainEvents } from '@/db/schema/events';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { dataItems } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import { findWebhookStatus } from '@/db/queries/webhooks';
import { applyEnv } from '@/lib/env';
import type { Logger } from '@/lib/log';
import type { EventPayload } from '@/lib/events/catalogue';
import { recordEvent } from '@/lib/events/record';
import {
  createWebhookEndpoint,
  endpointUrlProblem,
  redeliverWebhook,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
} from './endpoints';
import { newEndpointSecret } from './secrets';
import { createWebhookWorker, MAX_ATTEMPTS, RETRY_SECONDS } from './worker';

/**
 * [WEBHOOKS] issue 13, point 4, and "a webhook endpoint down for an hour, a receiver answering 500
 * or timing out … nothing is lost or done twice". The receivers here are real HTTP servers
 * (node:http) verifying with the standardwebhooks package, as an operator's system would; time is
 * moved by setting `next_attempt_at` in the database, never by sleeping.
 */

type Arrival = { id: string; headers: IncomingHttpHeaders; body: string; verified: unknown };
type Mode = 'ok' | 'fail' | 'hang';

type Receiver = {
  url: string;
  secret: string;
  arrivals: Arrival[];
  mode: Mode;
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

async function startReceiver(secret: string): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    secret,
    arrivals: [],
    mode: 'ok',
    stop: async () => {},
    start: async () => {},
  };
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (receiver.mode === 'hang') return; // never answers: the portal's timeout ends it
          let verified: unknown = null;
          try {
            verified = new Webhook(receiver.secret).verify(body, request.headers as Record<string, string>);
          } catch {
            response.writeHead(401).end();
            return;
          }
          receiver.arrivals.push({
            id: String(request.headers['webhook-id']),
            headers: request.headers,
            body,
            verified,
          });
          if (receiver.mode === 'fail') response.writeHead(500).end('down for maintenance');
          else response.writeHead(204).end();
        });
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        receiver.url = `http://127.0.0.1:${port}/hooks?token=not-logged`;
        resolve();
      });
    });
  await listen();
  receiver.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  receiver.start = listen;
  return receiver;
}

let t: TestDatabase;
let admin: { id: string; role: 'admin' };
let crm: string;
let hr: string;
const receivers: Receiver[] = [];

before(async () => {
  applyEnv({ AUTH_SECRET: 'unit-test-secret-of-at-least-32-bytes!!' });
  t = await createSeededTestDatabase();
  const [user] = await t.db
    .insert(users)
    .values({ email: 'webhooks-admin@example.kz', role: 'admin' })
    .returning({ id: users.id });
  admin = { id: user!.id, role: 'admin' };
  const rows = await t.db.select({ id: systems.id, code: systems.code }).from(systems);
  crm = rows.find((r) => r.code === 'crm')!.id;
  hr = rows.find((r) => r.code === 'hr')!.id;
});
after(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await t.drop();
});
// Each test has its own endpoints: those of the tests before are switched off.
beforeEach(async () => {
  await t.db.update(webhookEndpoints).set({ enabled: false, disabledAt: sql`now()` });
});

async function endpoint(systemId: string, eventTypes: string[]) {
  const receiver = await startReceiver(newEndpointSecret());
  receivers.push(receiver);
  const id = await t.db.transaction((tx) =>
    createWebhookEndpoint(tx, admin, {
      systemId,
      url: receiver.url,
      description: null,
      eventTypes,
      secret: receiver.secret,
    }),
  );
  return { id, receiver };
}

let consentCounter = 0;
const consentExpired = () =>
  ({
    type: 'consent.expired',
    subjectId: null,
    payload: { consentId: `00000000-0000-4000-8000-${String(++consentCounter).padStart(12, '0')}` },
  }) as const;

const worker = (options: { timeoutMs?: number } = {}) =>
  createWebhookWorker({ db: t.db, backoff: () => 60, ...options });

const deliveriesOf = (endpointId: string) =>
  t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));

/** Moves the clock: every pending delivery of the endpoint is due now. */
const makeDue = (endpointId: string) =>
  t.db.execute(
    sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second' where endpoint_id = ${endpointId} and state = 'pending'`,
  );

/** A task event as lib/tasks records it. */
const recordTaskEvent = (payload: EventPayload<'task.created'>) =>
  t.db.transaction((tx) => recordEvent(tx, { type: 'task.created', subjectId: null, payload }));

describe('[WEBHOOKS] issue 13 point 4: signed webhooks through the outbox', () => {
  test('[WEBHOOKS] Standard Webhooks: the delivery is signed with the endpoint secret and the package verifier accepts it', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    const event = consentExpired();
    await t.db.transaction((tx) => recordEvent(tx, event));
    const warnings: string[] = [];
    const log = { warn: (_: unknown, message: string) => warnings.push(message), error: () => {}, info: () => {} };
    const quiet = createWebhookWorker({ db: t.db, log: log as unknown as Logger });
    assert.deepEqual(await quiet.tick(), { delivered: 1, retried: 0, failed: 0 });
    assert.deepEqual(warnings, [], 'the outcome is recorded under its lease');

    assert.equal(receiver.arrivals.length, 1);
    const [arrival] = receiver.arrivals;
    const [row] = await deliveriesOf(id);
    assert.equal(arrival!.id, row!.messageId);
    assert.match(arrival!.id, /^msg_[A-Za-z0-9_-]{22}$/);
    assert.match(String(arrival!.headers['webhook-signature']), /^v1,[A-Za-z0-9+/=]+$/);
    assert.ok(Math.abs(Number(arrival!.headers['webhook-timestamp']) - Date.now() / 1000) < 60);
    const body = arrival!.verified as { type: string; timestamp: string; data: unknown };
    assert.equal(body.type, 'consent.expired');
    assert.deepEqual(body.data, event.payload);
    assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
    // Another secret does not verify it: the signature is the endpoint's own.
    assert.throws(() =>
      new Webhook(newEndpointSecret()).verify(arrival!.body, arrival!.headers as Record<string, string>),
    );
    assert.equal(row?.state, 'delivered');
    assert.equal(row?.attempts, 1);
    assert.equal(row?.lastStatus, 204);
    assert.ok(row?.deliveredAt);
    // The secret is stored sealed, never in clear.
    const [stored] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    assert.ok(!stored!.secretEncrypted.includes(receiver.secret.slice(6)));
  });

  test('[WEBHOOKS] delivered exactly once per endpoint that chose the event: not to others, not to a disabled one, not twice by two workers', async () => {
    const a = await endpoint(crm, ['consent.expired', 'transfer.recorded']);
    const b = await endpoint(hr, ['consent.expired']);
    const other = await endpoint(crm, ['request.registered']);
    const off = await endpoint(crm, ['consent.expired']);
    await t.db.transaction((tx) => setWebhookEndpointEnabled(tx, admin, { endpointId: off.id, enabled: false }));
    for (let i = 0; i < 20; i++) await t.db.transaction((tx) => recordEvent(tx, consentExpired()));

    const [first, second] = await Promise.all([worker().tick(), worker().tick()]);
    assert.equal(first.delivered + second.delivered, 40);
    assert.deepEqual(await worker().tick(), { delivered: 0, retried: 0, failed: 0 });
    for (const { receiver } of [a, b]) {
      assert.equal(receiver.arrivals.length, 20);
      assert.equal(new Set(receiver.arrivals.map((x) => x.id)).size, 20);
    }
    assert.equal(other.receiver.arrivals.length, 0);
    assert.equal(off.receiver.arrivals.length, 0);
    assert.equal((await deliveriesOf(off.id)).length, 0);
    // One event, one webhook-id: the two systems receive the same message.
    assert.deepEqual(new Set(a.receiver.arrivals.map((x) => x.id)), new Set(b.receiver.arrivals.map((x) => x.id)));
  });

  test('[WEBHOOKS] Standard Webhooks: a receiver answering 500 is retried after the backoff and then gets it, with the same webhook-id', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    receiver.mode = 'fail';
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    const real = createWebhookWorker({ db: t.db });
    assert.deepEqual(await real.tick(), { delivered: 0, retried: 1, failed: 0 });
    const [waiting] = await deliveriesOf(id);
    assert.equal(waiting?.state, 'pending');
    assert.equal(waiting?.lastStatus, 500);
    assert.equal(waiting?.lastError, 'HTTP 500');
    const delay = (waiting!.nextAttemptAt.getTime() - waiting!.lastAttemptAt!.getTime()) / 1000;
    assert.ok(
      delay >= RETRY_SECONDS[0] * 0.8 - 1 && delay <= RETRY_SECONDS[0] * 1.2 + 1,
      `first retry in ~5 s, not ${delay}`,
    );
    // Not due yet: nothing is sent before the backoff ends.
    assert.deepEqual(await real.tick(), { delivered: 0, retried: 0, failed: 0 });

    receiver.mode = 'ok';
    await makeDue(id);
    assert.deepEqual(await real.tick(), { delivered: 1, retried: 0, failed: 0 });
    assert.equal(receiver.arrivals.length, 2);
    assert.equal(receiver.arrivals[0]!.id, receiver.arrivals[1]!.id);
    const [done] = await deliveriesOf(id);
    assert.equal(done?.state, 'delivered');
    assert.equal(done?.attempts, 2);
  });

  test('[WEBHOOKS] Standard Webhooks: a receiver that times out is retried, and the answer it never gave counts as a failure', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    receiver.mode = 'hang';
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    assert.deepEqual(await worker({ timeoutMs: 300 }).tick(), { delivered: 0, retried: 1, failed: 0 });
    const [waiting] = await deliveriesOf(id);
    assert.equal(waiting?.state, 'pending');
    assert.equal(waiting?.lastStatus, null);
    assert.match(waiting?.lastError ?? '', /^timeout after/);

    receiver.mode = 'ok';
    await makeDue(id);
    assert.deepEqual(await worker().tick(), { delivered: 1, retried: 0, failed: 0 });
    assert.equal(receiver.arrivals.length, 1);
    assert.equal(receiver.arrivals[0]!.id, waiting!.messageId);
  });

  test('[WEBHOOKS] Standard Webhooks: a receiver down for an hour still gets the event once, with the same webhook-id', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    await receiver.stop();
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    const real = createWebhookWorker({ db: t.db });
    // An hour of attempts on the real schedule: 5 s, 30 s, 2 min, 10 min, 30 min after each failure.
    let elapsed = 0;
    while (elapsed < 3600) {
      assert.deepEqual(await real.tick(), { delivered: 0, retried: 1, failed: 0 });
      const [row] = await deliveriesOf(id);
      assert.match(row?.lastError ?? '', /ECONNREFUSED/);
      elapsed += (row!.nextAttemptAt.getTime() - row!.lastAttemptAt!.getTime()) / 1000;
      await makeDue(id);
    }
    const [before] = await deliveriesOf(id);
    assert.equal(before?.state, 'pending');
    assert.ok(before!.attempts >= 5);

    await receiver.start();
    assert.deepEqual(await real.tick(), { delivered: 1, retried: 0, failed: 0 });
    assert.equal(receiver.arrivals.length, 1);
    assert.equal(receiver.arrivals[0]!.id, before!.messageId);
    assert.deepEqual(await real.tick(), { delivered: 0, retried: 0, failed: 0 });
    assert.equal(receiver.arrivals.length, 1);
  });

  test('[WEBHOOKS] after at least 24 hours of attempts the delivery is failed, counted for the admin, and "redeliver" sends it again with the same webhook-id', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    receiver.mode = 'fail';
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    const real = createWebhookWorker({ db: t.db });
    let waited = 0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      assert.deepEqual(await real.tick(), { delivered: 0, retried: 1, failed: 0 }, `attempt ${attempt}`);
      const [row] = await deliveriesOf(id);
      waited += (row!.nextAttemptAt.getTime() - row!.lastAttemptAt!.getTime()) / 1000;
      await makeDue(id);
    }
    assert.ok(waited >= 24 * 3600, `retried for ${Math.round(waited / 3600)} h`);
    assert.deepEqual(await real.tick(), { delivered: 0, retried: 0, failed: 1 });
    const [failed] = await deliveriesOf(id);
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.attempts, MAX_ATTEMPTS);
    assert.equal(failed?.lastStatus, 500);
    assert.equal(receiver.arrivals.length, MAX_ATTEMPTS);
    assert.equal(new Set(receiver.arrivals.map((a) => a.id)).size, 1);
    // Failed stays failed: no worker picks it up again by itself.
    await makeDue(id);
    assert.deepEqual(await real.tick(), { delivered: 0, retried: 0, failed: 0 });
    assert.ok((await findWebhookStatus(t.db)).failed >= 1);

    receiver.mode = 'ok';
    await t.db.transaction((tx) => redeliverWebhook(tx, admin, { endpointId: id, deliveryId: failed!.id }));
    const [again] = await deliveriesOf(id);
    assert.equal(again?.state, 'pending');
    assert.equal(again?.attempts, 0);
    assert.deepEqual(await real.tick(), { delivered: 1, retried: 0, failed: 0 });
    const [redelivered] = await deliveriesOf(id);
    assert.equal(redelivered?.state, 'delivered');
    assert.equal(redelivered?.attempts, 1);
    assert.equal(receiver.arrivals.at(-1)!.id, failed!.messageId);
  });

  test('[WEBHOOKS] redeliver of a delivered message: the same webhook-id again, for a receiver that lost it', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    await worker().tick();
    const [row] = await deliveriesOf(id);
    await t.db.transaction((tx) => redeliverWebhook(tx, admin, { endpointId: id, deliveryId: row!.id }));
    await worker().tick();
    assert.equal(receiver.arrivals.length, 2);
    assert.equal(receiver.arrivals[0]!.id, receiver.arrivals[1]!.id);
    // Another endpoint's delivery cannot be redelivered through this one.
    const other = await endpoint(hr, ['consent.expired']);
    await assert.rejects(
      t.db.transaction((tx) => redeliverWebhook(tx, admin, { endpointId: other.id, deliveryId: row!.id })),
      /notFound/,
    );
    // Only the admin changes webhooks (integrations.manage); the auditor reads.
    await assert.rejects(
      t.db.transaction((tx) =>
        redeliverWebhook(tx, { id: admin.id, role: 'auditor' }, { endpointId: id, deliveryId: row!.id }),
      ),
      /forbidden/,
    );
  });

  test('[WEBHOOKS] PRODUCT.md "Nothing lost": the event and its delivery commit or roll back together', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(domainEvents);
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await recordEvent(tx, consentExpired());
        assert.equal((await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id))).length, 1);
        throw new Error('the change failed');
      }),
    );
    const afterRollback = await t.db.select({ n: sql<number>`count(*)::int` }).from(domainEvents);
    assert.deepEqual(afterRollback, before);
    assert.equal((await deliveriesOf(id)).length, 0);
    assert.deepEqual(await worker().tick(), { delivered: 0, retried: 0, failed: 0 });
    assert.equal(receiver.arrivals.length, 0);
  });

  test('[WEBHOOKS] task.* events go only to the endpoints of the task system', async () => {
    const crmHook = await endpoint(crm, ['task.created']);
    const hrHook = await endpoint(hr, ['task.created']);
    const payload = (systemId: string, code: string) => ({
      taskId: crypto.randomUUID(),
      systemId,
      systemCode: code,
      requestId: crypto.randomUUID(),
      reference: '2026-000001',
      type: 'BLOCK' as const,
      action: 'block' as const,
      dueAt: new Date().toISOString(),
      items: [],
    });
    await recordTaskEvent(payload(crm, 'crm'));
    await recordTaskEvent(payload(crm, 'crm'));
    await recordTaskEvent(payload(hr, 'hr'));
    await worker().tick();
    assert.equal(crmHook.receiver.arrivals.length, 2);
    assert.equal(hrHook.receiver.arrivals.length, 1);
    for (const arrival of crmHook.receiver.arrivals)
      assert.equal((arrival.verified as { data: { systemCode: string } }).data.systemCode, 'crm');
  });

  test('[WEBHOOKS] Art. 25(2)(8): a RECTIFY task carries each item current value in the sent body only, never stored; a destroyed item none', async () => {
    const { id, receiver } = await endpoint(crm, ['task.created']);
    const { items } = await createSubjectWithItems(t.db, { categories: ['full_name', 'phone'] });
    const [kept, destroyed] = items as { id: string }[];
    const newValue = 'Әсел Жаңа-Тегі';
    await t.db.update(dataItems).set({ value: newValue }).where(eq(dataItems.id, kept!.id));
    await t.db
      .update(dataItems)
      .set({ state: 'destroyed', value: null, destroyedAt: new Date() })
      .where(eq(dataItems.id, destroyed!.id));
    await recordTaskEvent({
      taskId: crypto.randomUUID(),
      systemId: crm,
      systemCode: 'crm',
      requestId: crypto.randomUUID(),
      reference: '2026-000002',
      type: 'RECTIFY' as const,
      action: 'rectify' as const,
      dueAt: new Date().toISOString(),
      items: [
        { itemId: kept!.id, categoryCode: 'full_name' },
        { itemId: destroyed!.id, categoryCode: 'phone' },
      ],
    });
    await worker().tick();
    const body = receiver.arrivals[0]!.verified as { data: { items: { itemId: string; value?: string }[] } };
    assert.deepEqual(body.data.items, [
      { itemId: kept!.id, categoryCode: 'full_name', value: newValue },
      { itemId: destroyed!.id, categoryCode: 'phone' },
    ]);
    // Neither the event nor the outbox holds the value.
    const [stored] = await t.db.execute<{ text: string }>(sql`
      select (select string_agg(payload::text, '') from domain_events) || (select string_agg(d::text, '') from webhook_deliveries d where d.endpoint_id = ${id}) as text`);
    assert.ok(!stored!.text.includes(newValue));
  });

  test('[WEBHOOKS] a worker that died holding a delivery: once its lease runs out another delivers it, with the same webhook-id', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    // As a worker leaves it when its process is killed mid-send.
    await t.db.execute(sql`update webhook_deliveries set locked_by = 'dead-host:1:x', attempts = 1,
      locked_until = now() + interval '1 minute' where endpoint_id = ${id}`);
    assert.deepEqual(await worker().tick(), { delivered: 0, retried: 0, failed: 0 }, 'not while the lease holds');
    await t.db.execute(
      sql`update webhook_deliveries set locked_until = now() - interval '1 second' where endpoint_id = ${id}`,
    );
    assert.deepEqual(await worker().tick(), { delivered: 1, retried: 0, failed: 0 });
    const [row] = await deliveriesOf(id);
    assert.equal(row?.attempts, 2);
    assert.equal(row?.lockedBy, null);
    assert.equal(receiver.arrivals[0]!.id, row!.messageId);
  });

  test('[AUDIT] Art. 22(1)(5): registering, changing, rotating and switching off an endpoint are audited as the admin, without its address or secret', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    await t.db.transaction((tx) =>
      updateWebhookEndpoint(tx, admin, {
        endpointId: id,
        url: receiver.url,
        description: null,
        eventTypes: ['consent.expired', 'request.registered'],
      }),
    );
    const fresh = newEndpointSecret();
    await t.db.transaction((tx) => rotateWebhookSecret(tx, admin, { endpointId: id, secret: fresh }));
    await t.db.transaction((tx) => setWebhookEndpointEnabled(tx, admin, { endpointId: id, enabled: false }));
    const trail = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);
    assert.deepEqual(
      trail.map((e) => [e.action, e.actorId, e.entityType, (e.details as { change: string }).change]),
      ['registered', 'changed', 'secretRotated', 'disabled'].map((change) => [
        'integration_changed',
        admin.id,
        'webhook_endpoint',
        change,
      ]),
    );
    const stored = JSON.stringify(trail);
    for (const secret of [receiver.secret, fresh, receiver.url]) assert.ok(!stored.includes(secret));
  });

  test('[WEBHOOKS] a rotated secret signs from then on; the old one signs beside it for a day, so the receiver switches without refusing a message', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    const old = receiver.secret;
    const fresh = newEndpointSecret();
    await t.db.transaction((tx) => rotateWebhookSecret(tx, admin, { endpointId: id, secret: fresh }));
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    // The receiver still holds the old secret: it verifies one of the two signatures and accepts.
    assert.deepEqual(await worker().tick(), { delivered: 1, retried: 0, failed: 0 });
    const signatures = String(receiver.arrivals.at(-1)!.headers['webhook-signature']).split(' ');
    assert.equal(signatures.length, 2);
    // Switched to the new one, it accepts too.
    receiver.secret = fresh;
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    assert.deepEqual(await worker().tick(), { delivered: 1, retried: 0, failed: 0 });
    // After the overlap, only the new secret signs: the old one no longer verifies.
    await t.db.execute(
      sql`update webhook_endpoints set previous_secret_until = now() - interval '1 second' where id = ${id}`,
    );
    receiver.secret = old;
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    assert.deepEqual(await worker().tick(), { delivered: 0, retried: 1, failed: 0 });
    receiver.secret = fresh;
    await makeDue(id);
    assert.deepEqual(await worker().tick(), { delivered: 1, retried: 0, failed: 0 });
    assert.equal(String(receiver.arrivals.at(-1)!.headers['webhook-signature']).split(' ').length, 1);
  });

  test('[WEBHOOKS] a secret that leaked is revoked at once: from then on only the new one signs', async () => {
    const { id, receiver } = await endpoint(crm, ['consent.expired']);
    const fresh = newEndpointSecret();
    await t.db.transaction((tx) => rotateWebhookSecret(tx, admin, { endpointId: id, secret: fresh, revokeOld: true }));
    await t.db.transaction((tx) => recordEvent(tx, consentExpired()));
    // The receiver still holds the old secret: it refuses (401), and the delivery waits to be retried.
    assert.deepEqual(await worker().tick(), { delivered: 0, retried: 1, failed: 0 });
    const [row] = await deliveriesOf(id);
    assert.equal(row?.lastStatus, 401);
    receiver.secret = fresh;
    await makeDue(id);
    assert.deepEqual(await worker().tick(), { delivered: 1, retried: 0, failed: 0 });
  });

  test('[WEBHOOKS] an endpoint address: https, or http to this machine (and in demo mode); no credentials or fragment', () => {
    assert.equal(endpointUrlProblem('https://crm.example.kz/hooks/derbes'), null);
    assert.equal(endpointUrlProblem('http://127.0.0.1:4000/hooks'), null);
    assert.equal(endpointUrlProblem('http://localhost:4000/hooks'), null);
    assert.equal(endpointUrlProblem('https://user:pass@crm.example.kz/'), 'format');
    assert.equal(endpointUrlProblem('ftp://crm.example.kz/'), 'format');
    assert.equal(endpointUrlProblem('not a url'), 'format');
    assert.equal(endpointUrlProblem('https://crm.example.kz/#x'), 'format');
  });
});
