import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { OutgoingEmail } from '@/db/schema/mail';
import { OUTBOX_CHANNEL } from './outbox';
import type { Send } from './transport';

/**
 * Delivers the e-mail outbox. Why our own worker and not a job library such as pg-boss: the outbox
 * row must be written by the caller's transaction (Drizzle, postgres.js), and a job library keeps
 * its own tables and connection; here the table is the queue. Robustness comes from PostgreSQL:
 * - rows are claimed with FOR UPDATE SKIP LOCKED and leased, so several workers never send one
 *   e-mail twice, and a worker that dies mid-send leaves a lease that runs out and is retried;
 * - a failed send is retried with exponential backoff (30 s doubling to an hour, with jitter), up
 *   to MAX_ATTEMPTS, and nothing is ever deleted: SMTP down means e-mails wait, not vanish;
 * - NOTIFY at commit wakes the worker at once; a poll every few seconds covers a missed notice.
 */
export const MAX_ATTEMPTS = 12;
const LEASE_SECONDS = 120;
const BATCH = 20;

export function backoffSeconds(attempt: number): number {
  const base = Math.min(30 * 2 ** (attempt - 1), 3600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export type OutboxWorkerOptions = {
  db: Db;
  send: Send;
  log?: (line: string) => void;
  pollMs?: number;
  backoff?: (attempt: number) => number;
  /** After sending, blank sign-in links so the table holds no live credentials (not in demo mode). */
  redactSignInLinks?: boolean;
};

export type TickResult = { sent: number; failed: number; expired: number };

export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { db, send } = options;
  const log = options.log ?? (() => {});
  const backoff = options.backoff ?? backoffSeconds;
  let stopping = false;
  let wake: (() => void) | null = null;
  let unlisten: (() => Promise<void>) | null = null;

  async function claim(): Promise<OutgoingEmail[]> {
    return db.execute<OutgoingEmail>(sql`
      update outgoing_emails set locked_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
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

  async function deliver(email: OutgoingEmail): Promise<keyof TickResult | null> {
    if (email.expiresAt && new Date(email.expiresAt) < new Date()) {
      await db.execute(sql`update outgoing_emails set state = 'expired', locked_until = null,
        text_body = '', html_body = '' where id = ${email.id}`);
      return 'expired';
    }
    try {
      const { messageId } = await send({ to: email.toAddress, subject: email.subject, text: email.textBody, html: email.htmlBody });
      const redact = options.redactSignInLinks && email.kind === 'sign_in';
      await db.execute(sql`update outgoing_emails set state = 'sent', sent_at = now(), message_id = ${messageId},
        locked_until = null, last_error = null
        ${redact ? sql`, text_body = '', html_body = ''` : sql``}
        where id = ${email.id}`);
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = email.attempts >= MAX_ATTEMPTS;
      await db.execute(sql`update outgoing_emails set locked_until = null, last_error = ${message.slice(0, 500)},
        state = ${giveUp ? 'failed' : 'pending'},
        next_attempt_at = now() + make_interval(secs => ${backoff(email.attempts)})
        where id = ${email.id}`);
      log(`e-mail ${email.id} to ${email.toAddress}: attempt ${email.attempts} failed (${message})${giveUp ? ', giving up' : ''}`);
      return giveUp ? 'failed' : null;
    }
  }

  /** One pass over everything due now. */
  async function tick(): Promise<TickResult> {
    const result: TickResult = { sent: 0, failed: 0, expired: 0 };
    for (;;) {
      const batch = await claim();
      for (const email of batch) {
        const outcome = await deliver(email);
        if (outcome) result[outcome]++;
      }
      if (batch.length < BATCH || stopping) return result;
    }
  }

  async function run(pollMs: number): Promise<void> {
    while (!stopping) {
      try {
        await tick();
      } catch (error) {
        log(`outbox: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  let running: Promise<void> | null = null;
  return {
    tick,
    async start(): Promise<void> {
      const listener = await db.$client.listen(OUTBOX_CHANNEL, () => wake?.());
      unlisten = () => listener.unlisten();
      running = run(options.pollMs ?? 5000);
    },
    async stop(): Promise<void> {
      stopping = true;
      wake?.();
      await running;
      await unlisten?.();
    },
  };
}
