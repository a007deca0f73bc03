import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, timestamptz } from './columns';
import { crossBorderBasis, recipients } from './inventory';
import { dataItems, subjects } from './subjects';

/** A transfer of a subject's data to a recipient: registered and accounted for (Art. 22(1)(5)), noticed (Art. 19). */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    recipientId: uuid()
      .notNull()
      .references(() => recipients.id, { onDelete: 'restrict' }),
    transferredAt: timestamptz().notNull(),
    basis: text().notNull(),
    // Art. 16: required when the recipient is abroad.
    crossBorderBasis: crossBorderBasis(),
    // Art. 19(1): ten working days to notify, when the subject's consent asks for it.
    noticeDueAt: timestamptz(),
    noticeSentAt: timestamptz(),
    recordedById: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.subjectId, t.transferredAt),
    index().on(t.noticeDueAt),
    check('transfers_notice_sent_needs_due', sql`${t.noticeSentAt} is null or ${t.noticeDueAt} is not null`),
  ],
);

export const transferItems = pgTable(
  'transfer_items',
  {
    transferId: uuid()
      .notNull()
      .references(() => transfers.id, { onDelete: 'cascade' }),
    dataItemId: uuid()
      .notNull()
      .references(() => dataItems.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.transferId, t.dataItemId] })],
);
