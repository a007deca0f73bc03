import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { letters } from '@/db/schema/letters';
import { requests } from '@/db/schema/requests';
import { subjects, type Locale } from '@/db/schema/subjects';
import { transfers } from '@/db/schema/transfers';
import { operatorProfileOf } from '@/lib/cache/process';
import { enqueueEmail } from './outbox';
import { emailContext, type EmailContext, type RenderedEmail } from './templates/layout';

/** What a notice needs of its subject: where and in which language, and the letter's addressee. */
export type NoticeSubject = {
  email: string | null;
  locale: Locale;
  fullName: string | null;
  postalAddress: string | null;
};

/** What a notice is about, so a letter can be found from its request, transfer or incident. */
export type NoticeAbout = { requestId?: string | null; transferId?: string | null; incidentId?: string | null };

/**
 * The one way a notice to a subject is written, and the one place that decides "e-mail or letter":
 * their address and language are looked up here, the template gets the context in that language
 * (the subject's choice, never the language of whoever caused the notice), and the e-mail joins
 * the outbox in the caller's transaction. A subject without an e-mail address gets the same text
 * as a postal letter (lib/letters), written in the same transaction, for staff to post.
 */
export async function emailSubject(
  tx: Tx,
  subjectId: string,
  email: NoticeAbout & { kind: string; render: (context: EmailContext) => RenderedEmail | Promise<RenderedEmail> },
  /** The subject's row, when the caller read it in this transaction (null: there is none); read here otherwise. */
  known?: NoticeSubject | null,
): Promise<'email' | 'letter' | false> {
  // Built once (db/prebuilt.ts): every notice reads it.
  const [subject] =
    known !== undefined
      ? [known]
      : await runPrebuilt<NoticeSubject>(
          tx,
          'subject-email.subject',
          () =>
            sql`select ${subjects.email}, ${subjects.locale}, ${subjects.fullName} as "fullName",
                 ${subjects.postalAddress} as "postalAddress"
          from ${subjects} where ${subjects.id} = ${sql.placeholder('subjectId')}`,
          { subjectId },
        );
  if (!subject) return false;
  const context = emailContext(subject.locale, await operatorProfileOf(tx));
  const rendered = await email.render(context);
  if (subject.email) {
    await enqueueEmail(tx, {
      kind: email.kind,
      to: subject.email,
      locale: subject.locale,
      subjectId,
      requestId: email.requestId ?? null,
      ...rendered,
    });
    return 'email';
  }
  await tx.insert(letters).values({
    subjectId,
    kind: email.kind,
    requestId: email.requestId ?? null,
    transferId: email.transferId ?? null,
    incidentId: email.incidentId ?? null,
    locale: subject.locale,
    recipientName: subject.fullName,
    postalAddress: subject.postalAddress,
    title: rendered.subject,
    body: rendered.text,
    dueAt: await letterDueAt(tx, email),
  });
  return 'letter';
}

/** A letter is due when what it tells of is due: the request's deadline or the Art. 19 notice's. */
async function letterDueAt(tx: Tx, about: NoticeAbout): Promise<Date | null> {
  if (about.requestId) {
    const [row] = await tx.select({ dueAt: requests.dueAt }).from(requests).where(eq(requests.id, about.requestId));
    return row?.dueAt ?? null;
  }
  if (about.transferId) {
    const [row] = await tx
      .select({ dueAt: transfers.noticeDueAt })
      .from(transfers)
      .where(eq(transfers.id, about.transferId));
    return row?.dueAt ?? null;
  }
  return null;
}
