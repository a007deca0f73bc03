import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { localeEnum } from './subjects';

/**
 * The e-mail outbox. A notification is a row written in the same transaction as the change that
 * causes it; lib/mail/worker.ts delivers rows over SMTP with retries and backoff.
 */
/** The worker LISTENs here; enqueueing NOTIFYs at commit. */
export const OUTBOX_CHANNEL = 'derbes_outbox';

export const emailStates = ['pending', 'sent', 'failed', 'expired'] as const;
export type EmailState = (typeof emailStates)[number];
export const emailState = pgEnum('email_state', emailStates);

export const outgoingEmails = pgTable(
  'outgoing_emails',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    kind: text().notNull(),
    toAddress: text().notNull(),
    locale: localeEnum().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    htmlBody: text().notNull(),
    state: emailState().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamptz().notNull().defaultNow(),
    // A worker leases a row while it sends and renews the lease until it is done; a worker that
    // dies leaves the lease to run out, and another takes the row over.
    lockedUntil: timestamptz(),
    lockedBy: text(),
    lastError: text(),
    // Sign-in links are useless after they expire: they are dropped rather than sent late.
    expiresAt: timestamptz(),
    sentAt: timestamptz(),
    messageId: text(),
    subjectId: uuid(),
    requestId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    index('outgoing_emails_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} = 'pending'`),
    index().on(t.toAddress, t.createdAt),
    // A destroyed value is scrubbed from the subject's e-mails (lib/data-items/scrub.ts), read once
    // for every item destroyed: without this, a scan of the whole outbox each (2.2 s at 3M e-mails).
    index().on(t.subjectId),
    // The health check counts failed e-mails and finds the oldest pending one.
    index('outgoing_emails_failed')
      .on(t.id)
      .where(sql`${t.state} = 'failed'`),
    index('outgoing_emails_pending_age')
      .on(t.createdAt)
      .where(sql`${t.state} = 'pending'`),
    check('outgoing_emails_sent_at', sql`(${t.state} = 'sent') = (${t.sentAt} is not null)`),
  ],
);
export type OutgoingEmail = typeof outgoingEmails.$inferSelect;
