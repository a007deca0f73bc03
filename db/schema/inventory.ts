import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, localized, localizedCheck, timestamptz } from './columns';

/**
 * The data inventory: the approved list of personal data (Art. 25(2)(1)), the purposes they serve
 * (Art. 7(8)) with their legal basis and retention (Art. 12(2)), and who receives them (Art. 8(4)(4)-(5)).
 */

export const accessLevel = pgEnum('access_level', ['public', 'restricted']);

export const dataCategories = pgTable(
  'data_categories',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    name: localized().notNull(),
    description: localized().notNull(),
    // Restricted-access data (Art. 6) are masked on screen until the subject chooses to reveal them.
    accessLevel: accessLevel().notNull().default('restricted'),
    isBiometric: boolean().notNull().default(false),
    isIin: boolean().notNull().default(false),
    sortOrder: integer().notNull().default(0),
    // Retired, never deleted once approved: past notices and held items still name it.
    retiredAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    localizedCheck('data_categories_name_localized', t.name),
    localizedCheck('data_categories_description_localized', t.description),
  ],
);
export type DataCategory = typeof dataCategories.$inferSelect;

/**
 * The Law's grounds, and only those (Art. 7(1)): the subject's consent (Art. 7(1), 8), the re-use
 * of data published with a link to the source (Art. 7(5)), or one case of the closed list of
 * Art. 9, stored by its sub-point in `art9Point`. A contract is not a ground: processing under a
 * contract rests on the consent given with it, locked while an obligation is unfulfilled (Art. 8(2)).
 * A column of text: the allowed values and the point's presence are CHECKs written by hand in
 * migration 0007 (after the rows were moved off the old grounds).
 */
export const legalBasisKinds = ['consent', 'published', 'art9'] as const;
export type LegalBasisKind = (typeof legalBasisKinds)[number];

/** Art. 9's sub-points in force (Law 94-V as amended to 16.07.2025; 9-5 is not yet in force). */
export const art9Points = [
  '1',
  '2',
  '2-1',
  '3',
  '4',
  '5',
  '5-1',
  '6',
  '7',
  '8',
  '9',
  '9-1',
  '9-2',
  '9-3',
  '9-4',
  '10',
] as const;
export type Art9Point = (typeof art9Points)[number];
export const art9Point = pgEnum('art9_point', art9Points);

/** Art. 12(2): kept until the purpose is achieved, unless a period after some event is set. */
export const retentionKind = pgEnum('retention_kind', ['until_purpose_achieved', 'period_after_event']);
export const retentionEvents = ['collected', 'relationship_ended', 'consent_ended'] as const;
export type RetentionEvent = (typeof retentionEvents)[number];
export const retentionEvent = pgEnum('retention_event', retentionEvents);

/** PRODUCT.md: on withdrawal, processing that relied only on the consent stops this way. */
export const withdrawalEffect = pgEnum('withdrawal_effect', ['block', 'destroy']);

export const purposes = pgTable(
  'purposes',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    name: localized().notNull(),
    description: localized().notNull(),
    legalBasis: text().$type<LegalBasisKind>().notNull(),
    art9Point: art9Point(),
    // The law and article behind an Art. 9 case, or the published source (Art. 7(5)).
    legalBasisCitation: localized(),
    retentionKind: retentionKind().notNull(),
    retentionMonths: integer(),
    retentionFrom: retentionEvent(),
    retentionDescription: localized().notNull(),
    // Art. 19-1: automated processing, explained to the subject, who may object.
    isAutomated: boolean().notNull().default(false),
    automatedLogic: localized(),
    withdrawalEffect: withdrawalEffect().notNull().default('block'),
    // Art. 6, 24(1)(6): the purpose distributes the data in publicly available sources.
    publishes: boolean().notNull().default(false),
    sortOrder: integer().notNull().default(0),
    retiredAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    localizedCheck('purposes_name_localized', t.name),
    localizedCheck('purposes_description_localized', t.description),
    localizedCheck('purposes_citation_localized', t.legalBasisCitation, true),
    localizedCheck('purposes_retention_localized', t.retentionDescription),
    localizedCheck('purposes_automated_logic_localized', t.automatedLogic, true),
    check('purposes_citation_unless_consent', sql`${t.legalBasis} = 'consent' or ${t.legalBasisCitation} is not null`),
    check(
      'purposes_retention_period_complete',
      sql`(${t.retentionKind} = 'period_after_event') = (${t.retentionMonths} is not null and ${t.retentionFrom} is not null)`,
    ),
    check('purposes_retention_months_positive', sql`${t.retentionMonths} is null or ${t.retentionMonths} > 0`),
    check('purposes_automated_explained', sql`not ${t.isAutomated} or ${t.automatedLogic} is not null`),
  ],
);
export type Purpose = typeof purposes.$inferSelect;

export const purposeCategories = pgTable(
  'purpose_categories',
  {
    purposeId: uuid()
      .notNull()
      .references(() => purposes.id, { onDelete: 'cascade' }),
    categoryId: uuid()
      .notNull()
      .references(() => dataCategories.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.purposeId, t.categoryId] })],
);

export const recipientKind = pgEnum('recipient_kind', ['third_party', 'processor', 'public_body']);

/** Art. 16(1)-(3): the grounds on which data may leave Kazakhstan. */
export const crossBorderBases = ['adequate_protection', 'consent', 'treaty', 'law', 'vital_interests'] as const;
export type CrossBorderBasis = (typeof crossBorderBases)[number];
export const crossBorderBasis = pgEnum('cross_border_basis', crossBorderBases);

export const recipients = pgTable(
  'recipients',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    name: localized().notNull(),
    bin: char({ length: 12 }),
    kind: recipientKind().notNull(),
    country: char({ length: 2 }).notNull(),
    crossBorderBasis: crossBorderBasis(),
    // Art. 19(1): the subject is told of each transfer within ten working days.
    notifySubject: boolean().notNull().default(true),
    retiredAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    localizedCheck('recipients_name_localized', t.name),
    check('recipients_country_code', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('recipients_bin_digits', sql`${t.bin} is null or ${t.bin} ~ '^[0-9]{12}$'`),
    check('recipients_cross_border_basis', sql`${t.country} = 'KZ' or ${t.crossBorderBasis} is not null`),
  ],
);
export type Recipient = typeof recipients.$inferSelect;

export const purposeRecipients = pgTable(
  'purpose_recipients',
  {
    purposeId: uuid()
      .notNull()
      .references(() => purposes.id, { onDelete: 'cascade' }),
    recipientId: uuid()
      .notNull()
      .references(() => recipients.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.purposeId, t.recipientId] })],
);

/** How a request's execution reaches a system: a webhook it answers through the API, or a person. */
export const systemExecutions = ['api', 'manual'] as const;
export type SystemExecution = (typeof systemExecutions)[number];
export const systemExecution = pgEnum('system_execution', systemExecutions);

/**
 * Where the data actually live (PRODUCT.md "systems"): the operator's CRM, HR system, learning
 * platform... A request is executed in every system that holds an affected category.
 */
export const systems = pgTable(
  'systems',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    name: localized().notNull(),
    ownerDepartment: localized().notNull(),
    // Art. 12(2)-(3): the country and place of storage.
    country: char({ length: 2 }).notNull(),
    storageLocation: localized().notNull(),
    execution: systemExecution().notNull(),
    // The staff member who carries out the tasks of a system reached "by a person".
    responsibleId: text().references(() => users.id, { onDelete: 'restrict' }),
    sortOrder: integer().notNull().default(0),
    retiredAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    localizedCheck('systems_name_localized', t.name),
    localizedCheck('systems_owner_localized', t.ownerDepartment),
    localizedCheck('systems_storage_localized', t.storageLocation),
    check('systems_country_code', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('systems_manual_has_responsible', sql`${t.execution} = 'api' or ${t.responsibleId} is not null`),
  ],
);
export type System = typeof systems.$inferSelect;

export const systemCategories = pgTable(
  'system_categories',
  {
    systemId: uuid()
      .notNull()
      .references(() => systems.id, { onDelete: 'cascade' }),
    categoryId: uuid()
      .notNull()
      .references(() => dataCategories.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.systemId, t.categoryId] })],
);

export const inventoryEntities = ['category', 'purpose', 'recipient', 'system'] as const;
export type InventoryEntity = (typeof inventoryEntities)[number];

/**
 * The draft: the admin's edits, waiting for the dpo (issue 12, point 2). One pending row per record
 * edited, holding the record's whole new state (lib/inventory/records.ts); approval applies every
 * pending row to the tables above and appends the next privacy notice version in one transaction,
 * stamping the rows with it, so each version keeps the edits it approved.
 */
export const inventoryChanges = pgTable(
  'inventory_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    entity: text().$type<InventoryEntity>().notNull(),
    // The live record's id; for a new record, the id it will have.
    entityId: uuid().notNull(),
    retire: boolean().notNull().default(false),
    payload: jsonb().notNull(),
    editedById: text().references(() => users.id, { onDelete: 'set null' }),
    editedAt: timestamptz().notNull().defaultNow(),
    // Set on approval: the privacy notice version that took this edit in.
    version: integer(),
  },
  (t) => [
    check('inventory_changes_entity', sql`${t.entity} in ('category', 'purpose', 'recipient', 'system')`),
    uniqueIndex('inventory_changes_one_pending')
      .on(t.entity, t.entityId)
      .where(sql`${t.version} is null`),
  ],
);
export type InventoryChange = typeof inventoryChanges.$inferSelect;
