import { sql } from 'drizzle-orm';
import { afterCommitOf, type DbOrTx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { OUTBOX_CHANNEL, outgoingEmails } from '@/db/schema/mail';
import type { Locale } from '@/db/schema/subjects';
import type { RenderedEmail } from './templates/layout';

export type OutgoingEmailInput = RenderedEmail & {
  kind: string;
  to: string;
  locale: Locale;
  expiresAt?: Date;
  subjectId?: string | null;
  requestId?: string | null;
};

/**
 * Puts an e-mail in the outbox. Called with the transaction of the change the e-mail tells about,
 * so both commit together. The worker is woken once the transaction has committed, by the short
 * transaction that chains its audit events (db/index.ts, db/audit-chain.ts; issue 15: a NOTIFY
 * sent inside the write took PostgreSQL's NOTIFY lock at its commit and held it through the
 * commit's flush, so every e-mailing write waited for the one before). Should the process die in
 * between, the worker's poll finds the e-mail. Outside a portal transaction (a Db, or another
 * Drizzle's transaction) the statement sends the NOTIFY itself, delivered at its commit.
 *
 * The e-mail is rendered before, in that transaction, not by the worker at delivery (issue 15
 * weighed it): rendering costs ~0.3 ms of a filing's ~4 ms (bench/writes.ts, profiled), which the
 * worker would spend on the same cores anyway; and the row is the text the subject was sent as of
 * the change (the operator's name and address, the due date, the statute's source), which a later
 * rendering could change, as a postal letter's text (lib/letters, same transaction) cannot.
 */
export async function enqueueEmail(db: DbOrTx, email: OutgoingEmailInput): Promise<void> {
  const after = afterCommitOf(db);
  after?.notify.add(OUTBOX_CHANNEL);
  // Built once (db/prebuilt.ts): every write that tells a subject sends it.
  await runPrebuilt(
    db,
    after ? 'outbox.enqueue' : 'outbox.enqueue-notify',
    (b) => {
      const insert = b
        .insert(outgoingEmails)
        .values({
          kind: sql.placeholder('kind'),
          toAddress: sql.placeholder('toAddress'),
          locale: sql.placeholder('locale'),
          subject: sql.placeholder('subject'),
          textBody: sql.placeholder('textBody'),
          htmlBody: sql.placeholder('htmlBody'),
          expiresAt: sql.placeholder('expiresAt'),
          subjectId: sql.placeholder('subjectId'),
          requestId: sql.placeholder('requestId'),
        })
        .getSQL();
      // Without a transaction to wake the worker after, one statement: the row, and the NOTIFY.
      return after
        ? insert
        : sql`with made as (${insert} returning 1) select pg_notify(${OUTBOX_CHANNEL}, '') from made`;
    },
    {
      kind: email.kind,
      toAddress: email.to,
      locale: email.locale,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html,
      expiresAt: email.expiresAt ?? null,
      subjectId: email.subjectId ?? null,
      requestId: email.requestId ?? null,
    },
  );
}
