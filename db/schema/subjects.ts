import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { bytea, citext, createdAt, timestamptz } from './columns';
import { dataCategories, purposes, systems } from './inventory';

export const locales = ['kk', 'ru', 'en'] as const;
export type Locale = (typeof locales)[number];
export const localeEnum = pgEnum('locale', locales);

/** A person the operator holds personal data about (Art. 1(16)). */
export const subjects = pgTable(
  'subjects',
  {
    id: uuid().primaryKey().defaultRandom(),
    // The operator's own id for the person, from the system an import came from: the first key an
    // import matches a subject by (lib/import/match.ts), before the IIN and the e-mail address.
    externalId: text().unique(),
    email: citext().unique(),
    phone: text(),
    // Identification details mirror the subject's data items of the same categories
    // (lib/data-items/changes.ts keeps them in step): destroyed there, gone here.
    fullName: text(),
    iin: char({ length: 12 }).unique(),
    // The language the subject chose: every e-mail, letter and PDF about them is in it.
    locale: localeEnum().notNull().default('kk'),
    // Where letters go when the subject has no e-mail address (lib/mail/subject-email.ts).
    postalAddress: text(),
    // The signed-in account this subject is, once they have signed in with `email`.
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    // Art. 18(2): data are destroyed when the legal relationship ends.
    relationshipEndedAt: timestamptz(),
    // Art. 8-2(2): the subject is told of actions with their data unless they turn it off.
    notifyActivity: boolean().notNull().default(true),
    activityDigestSentAt: timestamptz(),
    // The last audit event the subject was e-mailed about: the next digest starts after it.
    activityDigestLastEventId: bigint({ mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    // Staff search subjects by part of the name (migration 0000 creates pg_trgm).
    index('subjects_full_name_trgm').using('gin', sql`${t.fullName} gin_trgm_ops`),
    // …and by part of the e-mail address (the queue's search); citext is read as text for the operator class.
    index('subjects_email_trgm').using('gin', sql`(${t.email}::text) gin_trgm_ops`),
    // kz_iin_valid() (migration 0000) checks the 12 digits and the check digit.
    check('subjects_iin_valid', sql`${t.iin} is null or kz_iin_valid(${t.iin})`),
    uniqueIndex().on(t.userId),
  ],
);
export type Subject = typeof subjects.$inferSelect;

/** Art. 1(3) blocked: stored but not used; Art. 1(6) destroyed: the value is gone, a tombstone stays. */
export const dataItemStates = ['active', 'blocked', 'destroyed'] as const;
export type DataItemState = (typeof dataItemStates)[number];
export const dataItemState = pgEnum('data_item_state', dataItemStates);

/** Art. 24(1)(1): the sources and methods of collection are part of what the subject may know. */
export const dataSources = ['subject', 'state_database', 'third_party', 'operator'] as const;
export type DataSource = (typeof dataSources)[number];
export const dataSource = pgEnum('data_source', dataSources);
export const processingMethod = pgEnum('processing_method', ['automated', 'manual']);

export const dataItems = pgTable(
  'data_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    categoryId: uuid()
      .notNull()
      .references(() => dataCategories.id, { onDelete: 'restrict' }),
    value: text(),
    state: dataItemState().notNull().default('active'),
    source: dataSource().notNull(),
    sourceDetail: text(),
    method: processingMethod().notNull(),
    // The operator's system the item lives in and came from (an import or the API); null: the portal's own.
    systemId: uuid().references(() => systems.id, { onDelete: 'restrict' }),
    collectedAt: timestamptz().notNull().defaultNow(),
    updatedAt: timestamptz().notNull().defaultNow(),
    blockedAt: timestamptz(),
    destroyedAt: timestamptz(),
  },
  (t) => [
    index().on(t.subjectId, t.categoryId),
    // What a system holds about a person is one item per category: an import or an API write finds it here.
    uniqueIndex('data_items_system_item')
      .on(t.systemId, t.subjectId, t.categoryId)
      .where(sql`${t.systemId} is not null`),
    check(
      'data_items_destroyed_has_no_value',
      sql`(${t.state} = 'destroyed') = (${t.value} is null) and (${t.state} = 'destroyed') = (${t.destroyedAt} is not null)`,
    ),
    check('data_items_blocked_since', sql`(${t.state} = 'blocked') = (${t.blockedAt} is not null)`),
  ],
);
export type DataItem = typeof dataItems.$inferSelect;

/**
 * One random key per item. An old value is kept only in the audit event of its change, encrypted
 * with this key (lib/crypto/item-keys.ts); destroying the item deletes the key, so no old value of a
 * destroyed item can be read back from the append-only audit log either (Art. 1(6)).
 */
export const dataItemKeys = pgTable('data_item_keys', {
  dataItemId: uuid()
    .primaryKey()
    .references(() => dataItems.id, { onDelete: 'cascade' }),
  key: bytea().notNull(),
});

/** Which purposes each item is processed for; an item whose purposes have all ended is destroyed (Art. 18). */
export const dataItemPurposes = pgTable(
  'data_item_purposes',
  {
    dataItemId: uuid()
      .notNull()
      .references(() => dataItems.id, { onDelete: 'cascade' }),
    purposeId: uuid()
      .notNull()
      .references(() => purposes.id, { onDelete: 'restrict' }),
    endedAt: timestamptz(),
  },
  (t) => [primaryKey({ columns: [t.dataItemId, t.purposeId] }), index().on(t.purposeId)],
);
