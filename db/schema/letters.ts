import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, timestamptz } from './columns';
import { requests } from './requests';
import { localeEnum, subjects } from './subjects';

/**
 * Postal letters: a notice the Law requires (acknowledgement, answer, refusal, Art. 19 transfer
 * notice, breach notice, …) for a subject who has no e-mail address. lib/mail/subject-email.ts
 * writes one in the transaction where the e-mail would have been queued; staff print it from
 * /admin/letters and mark it posted. The title and body are the e-mail's text as rendered, and
 * the address is kept as it stood, so the PDF renders the same letter every time.
 */
export const letters = pgTable(
  'letters',
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    // The e-mail kind it replaces (request_filed, request_refused, transfer_notice, breach_notice, …).
    kind: text().notNull(),
    requestId: uuid().references(() => requests.id, { onDelete: 'cascade' }),
    transferId: uuid(),
    incidentId: uuid(),
    locale: localeEnum().notNull(),
    recipientName: text(),
    postalAddress: text(),
    title: text().notNull(),
    body: text().notNull(),
    // By when it should be posted: the deadline of what it answers, where there is one.
    dueAt: timestamptz(),
    createdAt: createdAt(),
    postedAt: timestamptz(),
    postedById: text().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('letters_pending')
      .on(t.createdAt)
      .where(sql`${t.postedAt} is null`),
    index().on(t.subjectId),
    index().on(t.transferId),
    check('letters_posted_by', sql`${t.postedAt} is null or ${t.postedById} is not null`),
  ],
);
export type Letter = typeof letters.$inferSelect;
