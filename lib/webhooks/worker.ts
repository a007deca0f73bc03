import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { Db } from '@/db';
import { WEBHOOK_CHANNEL, type DeliveryState } from '@/db/schema/integrations';
import { listeningLoop } from '@/lib/jobs/listening-loop';
import type { Logger } from '@/lib/log';
import { buildWebhookBody } from './body';
import { openEndpointSecret } from './secrets';

/**
 * Delivers the webhook outbox (`webhook_deliveries`), the way lib/mail/worker.ts delivers e-mail:
 * - rows are claimed with FOR UPDATE SKIP LOCKED and leased to this worker (`locked_by`,
 *   `locked_until`); any number of workers share the table and each delivery is sent by one. A
 *   lease (60 s) outlasts the longest attempt (the 10 s timeout), so it needs no renewal; a worker
 *   that dies leaves a lease that runs out, and the delivery is tried again by another;
 * - finishing a row checks the lease is still this worker's; outcomes are written a batch at a
 *   time (one commit for many deliveries);
 * - each attempt is signed afresh (Standard Webhooks: `webhook-id` stays the delivery's message id,
 *   `webhook-timestamp` is now, so a receiver's replay window accepts a retry a day later), and
 *   POSTed with a timeout. A 2xx answer is delivered; anything else, a timeout or a refused
 *   connection is retried on the schedule below, with jitter, for at least 24 hours; then the
 *   delivery is `failed`, shown to the admin with its last answer, and can be redelivered;
 * - up to CONCURRENCY deliveries are in flight at once, so one slow receiver does not hold the
 *   others back; redirects are not followed (an endpoint answers itself, or it failed).
 * Nothing personal is logged: the delivery's and endpoint's ids, the attempt and the status code;
 * never the URL (its query string may carry a token) nor the body.
 */

/** Seconds before attempt n+1 after attempt n failed (n = 1…11); the last interval repeats. */
export const RETRY_SECONDS = [5, 30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 28_800, 28_800] as const;
/**
 * Twelve attempts. The intervals add up to 31.7 hours; with the jitter (±20 %) never less than
 * 25.4 hours, so a receiver down for a whole day still gets the event.
 */
export const MAX_ATTEMPTS = RETRY_SECONDS.length + 1;
const LEASE_SECONDS = 60;
const TIMEOUT_MS = 10_000;
const CONCURRENCY = 32;
const BATCH = 50;
/** How long an outcome waits for others to be written with it. */
const FLUSH_MS = 10;

export function backoffSeconds(attempt: number): number {
  const base = RETRY_SECONDS[Math.min(Math.max(attempt, 1), RETRY_SECONDS.length) - 1]!;
  return Math.max(1, Math.round(base * (0.8 + Math.random() * 0.4)));
}

export type WebhookWorkerOptions = {
  db: Db;
  log?: Logger;
  pollMs?: number;
  leaseSeconds?: number;
  timeoutMs?: number;
  concurrency?: number;
  backoff?: (attempt: number) => number;
};

export type WebhookTickResult = { delivered: number; retried: number; failed: number };

type Claimed = {
  id: number;
  endpointId: string;
  messageId: string;
  attempts: number;
  url: string;
  secretEncrypted: string;
  /** The rotated-out secret while it still signs beside the new one (lib/webhooks/endpoints.ts). */
  previousSecretEncrypted: string | null;
  type: string;
  occurredAt: Date | string;
  payload: Record<string, unknown>;
};

/** What went wrong, in words that name no address: the status, a timeout, or the network error's code. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return timeoutMs >= 1000 ? `timeout after ${Math.round(timeoutMs / 1000)} s` : `timeout after ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  return 'network error';
}

export function createWebhookWorker(options: WebhookWorkerOptions) {
  const { db, log } = options;
  const lease = options.leaseSeconds ?? LEASE_SECONDS;
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const concurrency = options.concurrency ?? CONCURRENCY;
  const backoff = options.backoff ?? backoffSeconds;
  const me = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Signers by sealed secret: opened once, not once a delivery.
  const signers = new Map<string, Webhook>();

  function signerFor(sealed: string): Webhook {
    let signer = signers.get(sealed);
    if (!signer) {
      if (signers.size > 1000) signers.clear();
      signer = new Webhook(openEndpointSecret(sealed));
      signers.set(sealed, signer);
    }
    return signer;
  }

  /** Rows due now and not yet tried in this pass (`since`: when the pass began, by the database's clock). */
  async function claim(limit: number, since: Date): Promise<Claimed[]> {
    const rows = await db.execute<Claimed>(sql`
      with claimed as (
        update webhook_deliveries set locked_until = now() + make_interval(secs => ${lease}), locked_by = ${me},
          attempts = attempts + 1, last_attempt_at = now()
        where id in (
          select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
          where d.state = 'pending' and d.next_attempt_at <= now() and (d.locked_until is null or d.locked_until < now())
            and (d.last_attempt_at is null or d.last_attempt_at < ${since}) and e.enabled
          order by d.next_attempt_at, d.id
          limit ${limit}
          for update of d skip locked
        )
        returning id, endpoint_id, event_id, message_id, attempts
      )
      select c.id, c.endpoint_id as "endpointId", c.message_id as "messageId", c.attempts, e.url,
             e.secret_encrypted as "secretEncrypted",
             case when e.previous_secret_until > now() then e.previous_secret_encrypted end as "previousSecretEncrypted",
             ev.type, ev.occurred_at as "occurredAt", ev.payload
      from claimed c join webhook_endpoints e on e.id = c.endpoint_id join domain_events ev on ev.id = c.event_id`);
    // bigserial comes back as text: the ids are compared as numbers when the outcomes are written.
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  /**
   * Ends this worker's lease on a row with its outcome. Outcomes are written together, one
   * statement for all those that came within a few milliseconds (up to a batch): one commit for
   * many deliveries rather than one each, which is what a busy outbox is limited by. Each row is
   * still written only while its lease is this worker's.
   */
  type Outcome = { id: number; state: DeliveryState; status: number | null; error: string | null; delay: number };
  let outcomes: { outcome: Outcome; done: () => void; failed: (error: unknown) => void }[] = [];
  let flushing: ReturnType<typeof setTimeout> | null = null;

  async function flush(): Promise<void> {
    flushing = null;
    const batch = outcomes;
    outcomes = [];
    if (batch.length === 0) return;
    try {
      const rows = await db.execute<{ id: number }>(sql`
        update webhook_deliveries d set locked_until = null, locked_by = null,
          state = r.state::webhook_delivery_state, last_status = r.status, last_error = r.error,
          delivered_at = case when r.state = 'delivered' then now() end,
          next_attempt_at = case when r.state = 'pending' then now() + make_interval(secs => r.delay) else d.next_attempt_at end
        from jsonb_to_recordset(${JSON.stringify(batch.map((b) => b.outcome))}::jsonb)
          as r(id bigint, state text, status int, error text, delay int)
        where d.id = r.id and d.locked_by = ${me} and d.state = 'pending'
        returning d.id`);
      const written = new Set(rows.map((row) => Number(row.id)));
      for (const { outcome } of batch)
        if (!written.has(outcome.id))
          log?.warn({ deliveryId: outcome.id }, 'webhooks: lease lost before the result was recorded');
      for (const { done } of batch) done();
    } catch (error) {
      // Not written: the leases run out and the deliveries are tried again (same webhook-id).
      for (const { failed } of batch) failed(error);
    }
  }

  function finish(outcome: Outcome): Promise<void> {
    return new Promise((done, failed) => {
      outcomes.push({ outcome, done, failed });
      if (outcomes.length >= BATCH) {
        if (flushing) clearTimeout(flushing);
        void flush();
      } else flushing ??= setTimeout(() => void flush(), FLUSH_MS);
    });
  }

  /** A failed attempt: tried again after the backoff, or, its attempts spent, `failed`. */
  async function fail(delivery: Claimed, status: number | null, failure: string): Promise<keyof WebhookTickResult> {
    const giveUp = delivery.attempts >= MAX_ATTEMPTS;
    await finish({
      id: delivery.id,
      state: giveUp ? 'failed' : 'pending',
      status,
      error: failure,
      delay: giveUp ? 0 : backoff(delivery.attempts),
    });
    log?.warn(
      { deliveryId: delivery.id, endpointId: delivery.endpointId, attempt: delivery.attempts, status, gaveUp: giveUp },
      `webhooks: delivery failed (${failure})`,
    );
    return giveUp ? 'failed' : 'retried';
  }

  async function deliver(delivery: Claimed): Promise<keyof WebhookTickResult> {
    let status: number | null = null;
    let failure: string;
    let body: string;
    let signers: Webhook[];
    try {
      body = await buildWebhookBody(db, delivery);
      signers = [delivery.secretEncrypted, delivery.previousSecretEncrypted].flatMap((sealed) =>
        sealed ? [signerFor(sealed)] : [],
      );
    } catch (error) {
      // Ours, not the receiver's (a secret sealed under another AUTH_SECRET): retried like any failure.
      log?.error({ err: error, deliveryId: delivery.id }, 'webhooks: the message could not be built or signed');
      return fail(delivery, null, 'not signed: the endpoint secret cannot be opened (rotate it)');
    }
    try {
      const now = new Date();
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Derbes-Webhooks/1',
          'webhook-id': delivery.messageId,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          // Standard Webhooks: space-separated signatures; the receiver accepts the one it can verify.
          'webhook-signature': signers.map((signer) => signer.sign(delivery.messageId, now, body)).join(' '),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      // Read the answer to the end (within the timeout) so the connection can be kept for the next.
      await response.arrayBuffer().catch(() => undefined);
      if (status >= 200 && status < 300) {
        await finish({ id: delivery.id, state: 'delivered', status, error: null, delay: 0 });
        return 'delivered';
      }
      failure = `HTTP ${status}`;
    } catch (error) {
      failure = describeFailure(error, timeoutMs);
    }
    return fail(delivery, status, failure);
  }

  /** Delivers everything due now, up to `concurrency` at a time; returns when nothing due is left. */
  async function tick(): Promise<WebhookTickResult> {
    const result: WebhookTickResult = { delivered: 0, retried: 0, failed: 0 };
    const inFlight = new Set<Promise<void>>();
    const [{ since } = { since: new Date() }] = await db.execute<{ since: Date }>(sql`select now() as since`);
    let exhausted = false;
    for (;;) {
      const room = concurrency - inFlight.size;
      if (!exhausted && room > 0 && !waiting.stopping) {
        const want = Math.min(room, BATCH);
        const batch = await claim(want, since);
        if (batch.length < want) exhausted = true;
        for (const delivery of batch) {
          const running: Promise<void> = deliver(delivery)
            .then((outcome) => void result[outcome]++)
            .catch((error: unknown) =>
              log?.error({ err: error, deliveryId: delivery.id }, 'webhooks: delivery crashed'),
            )
            .finally(() => inFlight.delete(running));
          inFlight.add(running);
        }
        if (!exhausted && inFlight.size < concurrency) continue;
      }
      if (inFlight.size === 0) return result;
      await Promise.race(inFlight);
      // New work may have come while these were sent: look again once there is room (a delivery
      // that failed in this pass is not tried again in it, whatever its backoff).
      if (!waiting.stopping && inFlight.size < concurrency / 2) exhausted = false;
    }
  }

  const waiting = listeningLoop({ db, channel: WEBHOOK_CHANNEL, pass: tick, log, name: 'webhooks' });
  return {
    tick,
    start: () => waiting.start(options.pollMs ?? 5000),
    stop: () => waiting.stop(),
  };
}
