import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
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
 * so both commit together; the NOTIFY is delivered at commit and wakes the worker at once.
 *
 * The e-mail is rendered before, in that transaction, not by the worker at delivery (issue 15
 * weighed it): rendering costs ~0.3 ms of a filing's ~4 ms (bench/writes.ts, profiled), which the
 * worker would spend on the same cores anyway; and the row is the text the subject was sent as of
 * the change (the operator's name and address, the due date, the statute's source), which a later
 * rendering could change, as a postal letter's text (lib/letters, same transaction) cannot.
 */
export async function enqueueEmail(db: DbOrTx, email: OutgoingEmailInput): Promise<void> {
  // One statement: the row, and the NOTIFY (delivered at commit, waking the worker at once).
  // Built once (db/prebuilt.ts): every write that tells a subject sends it.
  await runPrebuilt(
    db,
    'outbox.enqueue',
    (b) =>
      sql`with made as (${b
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
        .getSQL()} returning 1) select pg_notify(${OUTBOX_CHANNEL}, '') from made`,
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
