import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { actorRole } from './audit';
import { createdAt, localized, localizedCheck, timestamptz } from './columns';
import { dataCategories, purposes } from './inventory';
import { subjects } from './subjects';

/** Art. 8(1): in writing, through the state service, a non-state service (this portal), or another confirmable way. */
export const consentChannels = ['portal', 'paper', 'state_service', 'email'] as const;
export type ConsentChannel = (typeof consentChannels)[number];
export const consentChannel = pgEnum('consent_channel', consentChannels);

export const consentStates = ['active', 'withdrawn', 'expired'] as const;
export type ConsentState = (typeof consentStates)[number];
export const consentState = pgEnum('consent_state', consentStates);

/** Art. 8(2): withdrawal is not allowed where it contradicts a law, or while an obligation is unfulfilled. */
export const withdrawalLock = pgEnum('withdrawal_lock', ['law', 'obligation']);

export const consents = pgTable(
  'consents',
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    // Art. 8(4), as the subject saw it when giving consent.
    operatorName: localized().notNull(), // (1)
    operatorBin: char({ length: 12 }).notNull(), // (1)
    subjectName: text().notNull(), // (2)
    validFrom: timestamptz().notNull(), // (3)
    validUntil: timestamptz(), // (3) none: until the purposes are achieved, Art. 8(6)
    thirdPartyTransfer: boolean().notNull(), // (4)
    crossBorderTransfer: boolean().notNull(), // (5)
    publicSources: boolean().notNull(), // (6)
    otherTerms: localized(), // (8); (7), the list of data, is consent_categories
    // Art. 19(1): a condition to notify the subject of each transfer to a third party.
    notifyOnTransfer: boolean().notNull().default(true),
    // Art. 25(2)(5): proof that consent was obtained.
    channel: consentChannel().notNull(),
    evidenceText: text().notNull(),
    evidenceSha256: char({ length: 64 }).notNull(),
    givenAt: timestamptz().notNull(),
    state: consentState().notNull().default('active'),
    withdrawnAt: timestamptz(),
    expiredAt: timestamptz(),
    withdrawalLock: withdrawalLock(),
    withdrawalLockReason: localized(),
    // The privacy notice version that added a recipient, a purpose or data to what this consent
    // covers: the subject is asked to consent again (lib/inventory/reconsent.ts); null when not.
    reconsentVersion: integer(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.subjectId),
    localizedCheck('consents_operator_name_localized', t.operatorName),
    localizedCheck('consents_other_terms_localized', t.otherTerms, true),
    localizedCheck('consents_lock_reason_localized', t.withdrawalLockReason, true),
    check('consents_lock_has_reason', sql`(${t.withdrawalLock} is null) = (${t.withdrawalLockReason} is null)`),
    check('consents_withdrawn_at', sql`(${t.state} = 'withdrawn') = (${t.withdrawnAt} is not null)`),
    check('consents_expired_at', sql`(${t.state} = 'expired') = (${t.expiredAt} is not null)`),
    check('consents_term_order', sql`${t.validUntil} is null or ${t.validUntil} > ${t.validFrom}`),
    check('consents_evidence_hash', sql`${t.evidenceSha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
export type Consent = typeof consents.$inferSelect;

export const consentPurposes = pgTable(
  'consent_purposes',
  {
    consentId: uuid()
      .notNull()
      .references(() => consents.id, { onDelete: 'cascade' }),
    purposeId: uuid()
      .notNull()
      .references(() => purposes.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.consentId, t.purposeId] })],
);

/** Art. 8(4)(7): the list of data the consent covers. */
export const consentCategories = pgTable(
  'consent_categories',
  {
    consentId: uuid()
      .notNull()
      .references(() => consents.id, { onDelete: 'cascade' }),
    categoryId: uuid()
      .notNull()
      .references(() => dataCategories.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.consentId, t.categoryId] })],
);

/**
 * Art. 8(4), 25(2)(5), ISO/IEC TS 27560: each consent event as it happened, with the whole content
 * the subject agreed to (or refused) at that moment. Append-only: the database refuses UPDATE and
 * DELETE (trigger in migration 0007, grants in db/roles.ts). Each row is hashed over a canonical
 * serialisation of all of it, chained to the subject's previous record (lib/consents/records.ts).
 */
export const consentEvents = ['given', 'withdrawn', 'expired', 'publication_given', 'publication_refused'] as const;
export type ConsentEvent = (typeof consentEvents)[number];
export const consentEvent = pgEnum('consent_event', consentEvents);

export const consentRecords = pgTable(
  'consent_records',
  {
    id: uuid().primaryKey().defaultRandom(),
    // The order of one subject's records; the hash chain follows it.
    seq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    // None for a refused publication consent: nothing was given, the refusal is still evidence.
    consentId: uuid().references(() => consents.id, { onDelete: 'restrict' }),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    event: consentEvent().notNull(),
    at: timestamptz().notNull(),
    // Art. 8(4) items (1)-(8) and the purposes, as they stood (lib/consents/records.ts, ConsentContent).
    content: jsonb().notNull(),
    // The privacy notice version shown when the event happened (Art. 24-25; ISO/IEC 29184 5.2.8).
    noticeVersion: text().notNull(),
    // The language the subject read the content in.
    locale: text().notNull(),
    channel: consentChannel().notNull(),
    actorRole: actorRole().notNull(),
    actorId: uuid(),
    prevSha256: char({ length: 64 }),
    sha256: char({ length: 64 }).notNull(),
  },
  (t) => [
    index().on(t.subjectId, t.seq),
    index().on(t.consentId),
    check('consent_records_consent', sql`(${t.event} = 'publication_refused') = (${t.consentId} is null)`),
    check('consent_records_hash', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('consent_records_prev_hash', sql`${t.prevSha256} is null or ${t.prevSha256} ~ '^[0-9a-f]{64}$'`),
    check('consent_records_locale', sql`${t.locale} in ('kk', 'ru', 'en')`),
  ],
);
export type ConsentRecord = typeof consentRecords.$inferSelect;
