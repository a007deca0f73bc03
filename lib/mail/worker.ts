import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { OUTBOX_CHANNEL, type OutgoingEmail } from '@/db/schema/mail';
import { listeningLoop } from '@/lib/jobs/listening-loop';
import type { Logger } from '@/lib/log';
import type { Send } from './transport';

/**
 * Delivers the e-mail outbox. Why our own worker and not a job library such as pg-boss: the outbox
 * row must be written by the caller's transaction (Drizzle, postgres.js), and a job library keeps
 * its own tables and connection; here the table is the queue. Robustness comes from PostgreSQL:
 * - rows are claimed with FOR UPDATE SKIP LOCKED and leased to this worker. While it sends, it
 *   renews the lease every third of its length, so however slow the SMTP server is, no other
 *   worker takes the row over and sends it again; only a worker that died (and stopped renewing)
 *   leaves a lease that runs out, and its e-mails are then retried by another;
 * - finishing a row checks the lease is still this worker's, so a worker that was paused past its
 *   lease (a frozen VM) cannot mark another worker's delivery;
 * - a failed send is retried with exponential backoff (30 s doubling to an hour, with jitter), up
 *   to MAX_ATTEMPTS, and nothing is ever deleted: SMTP down means e-mails wait, not vanish;
 * - NOTIFY at commit wakes the worker at once; a poll every few seconds covers a missed notice.
 */
export const MAX_ATTEMPTS = 12;
const LEASE_SECONDS = 60;
const BATCH = 10;

export function backoffSeconds(attempt: number): number {
  const base = Math.min(30 * 2 ** (attempt - 1), 3600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export type OutboxWorkerOptions = {
  db: Db;
  send: Send;
  log?: Logger;
  pollMs?: number;
  /** How long a claim holds without renewal (tests shorten it). */
  leaseSeconds?: number;
  backoff?: (attempt: number) => number;
  /** After sending, blank sign-in links so the table holds no live credentials (not in demo mode). */
  redactSignInLinks?: boolean;
};

export type TickResult = { sent: number; failed: number; expired: number };

export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { db, send } = options;
  const log = options.log;
  const backoff = options.backoff ?? backoffSeconds;
  const lease = options.leaseSeconds ?? LEASE_SECONDS;
  // Who holds a lease: host, PID and a random part, readable in the table.
  const me = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const held = new Set<number>();

  async function claim(): Promise<OutgoingEmail[]> {
    return db.execute<OutgoingEmail>(sql`
      update outgoing_emails set locked_until = now() + make_interval(secs => ${lease}), locked_by = ${me}, attempts = attempts + 1
      where id in (
        select id from outgoing_emails
        where state = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
        order by next_attempt_at, id
        limit ${BATCH}
        for update skip locked
      )
      returning id, kind, to_address as "toAddress", subject, text_body as "textBody", html_body as "htmlBody",
                attempts, expires_at as "expiresAt"`);
  }

  /** Renews the lease on every row this worker still holds. */
  async function renew(): Promise<void> {
    if (held.size === 0) return;
    const ids = [...held];
    await db.execute(sql`update outgoing_emails set locked_until = now() + make_interval(secs => ${lease})
      where id in ${sql.raw(`(${ids.map(Number).join(',')})`)} and locked_by = ${me} and state = 'pending'`);
  }

  /** On stopping: rows claimed but not yet tried go back to the queue at once, their attempt uncounted. */
  async function release(): Promise<void> {
    if (held.size === 0) return;
    const ids = [...held];
    held.clear();
    await db.execute(sql`update outgoing_emails set locked_until = null, locked_by = null, attempts = attempts - 1
      where id in ${sql.raw(`(${ids.map(Number).join(',')})`)} and locked_by = ${me} and state = 'pending'`);
  }

  /** Ends this worker's lease on a row with `changes`; false when the lease was no longer ours. */
  async function finish(id: number, changes: ReturnType<typeof sql>): Promise<boolean> {
    held.delete(id);
    const rows = await db.execute(sql`update outgoing_emails set locked_until = null, locked_by = null, ${changes}
      where id = ${id} and locked_by = ${me} returning id`);
    if (rows.length === 0) log?.warn({ emailId: id }, 'outbox: lease lost before the result was recorded');
    return rows.length > 0;
  }

  async function deliver(email: OutgoingEmail): Promise<keyof TickResult | null> {
    if (email.expiresAt && new Date(email.expiresAt) < new Date()) {
      await finish(email.id, sql`state = 'expired', text_body = '', html_body = ''`);
      return 'expired';
    }
    try {
      const { messageId } = await send({
        to: email.toAddress,
        subject: email.subject,
        text: email.textBody,
        html: email.htmlBody,
      });
      const redact = options.redactSignInLinks && email.kind === 'sign_in';
      await finish(
        email.id,
        sql`state = 'sent', sent_at = now(), message_id = ${messageId}, last_error = null
        ${redact ? sql`, text_body = '', html_body = ''` : sql``}`,
      );
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = email.attempts >= MAX_ATTEMPTS;
      await finish(
        email.id,
        sql`last_error = ${message.slice(0, 500)}, state = ${giveUp ? 'failed' : 'pending'},
        next_attempt_at = now() + make_interval(secs => ${backoff(email.attempts)})`,
      );
      // The address and the server's words (which often repeat it) stay in the table, not the log.
      log?.warn(
        { emailId: email.id, kind: email.kind, attempt: email.attempts, gaveUp: giveUp, err: error },
        'outbox: sending failed',
      );
      return giveUp ? 'failed' : null;
    }
  }

  /** One pass over everything due now. */
  async function tick(): Promise<TickResult> {
    const result: TickResult = { sent: 0, failed: 0, expired: 0 };
    const renewal = setInterval(
      () => void renew().catch((error) => log?.error({ err: error }, 'outbox: renewing the lease failed')),
      (lease * 1000) / 3,
    );
    try {
      for (;;) {
        const batch = await claim();
        for (const email of batch) held.add(email.id);
        for (const email of batch) {
          if (waiting.stopping) break;
          const outcome = await deliver(email);
          if (outcome) result[outcome]++;
        }
        if (batch.length < BATCH || waiting.stopping) return result;
      }
    } finally {
      clearInterval(renewal);
      await release();
    }
  }

  const waiting = listeningLoop({ db, channel: OUTBOX_CHANNEL, pass: tick, log, name: 'outbox' });
  return {
    tick,
    start: () => waiting.start(options.pollMs ?? 5000),
    stop: () => waiting.stop(),
  };
}
