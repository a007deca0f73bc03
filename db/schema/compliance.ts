import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, timestamptz } from './columns';
import { dataItems, subjects } from './subjects';

/**
 * Art. 18, 12(2): items whose purposes have all ended, found by the daily retention run and
 * destroyed once the dpo confirms (or at once, if the operator chose automatic destruction).
 */
export const destructionCandidates = pgTable(
  'destruction_candidates',
  {
    id: uuid().primaryKey().defaultRandom(),
    dataItemId: uuid()
      .notNull()
      .references(() => dataItems.id, { onDelete: 'cascade' }),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    // Why the data must go: 'retention_elapsed', 'consent_ended', 'relationship_ended', 'no_purpose'.
    reason: text().notNull(),
    foundAt: createdAt(),
    decidedAt: timestamptz(),
    decidedById: text().references(() => users.id, { onDelete: 'set null' }),
    // 'destroyed', or 'kept' with the legal ground for keeping (Digital Code Art. 41(3): restrict instead).
    decision: text(),
    keepReason: text(),
  },
  (t) => [
    unique().on(t.dataItemId),
    index().on(t.decidedAt),
    check('destruction_candidates_decision', sql`${t.decision} is null or ${t.decision} in ('destroyed', 'kept')`),
    check(
      'destruction_candidates_keep_reason',
      sql`${t.decision} is distinct from 'kept' or ${t.keepReason} is not null`,
    ),
  ],
);

/** Art. 25(2)(8), last indent; Rules 481/НҚ: a personal-data security breach, and its notices. */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid().primaryKey().defaultRandom(),
    discoveredAt: timestamptz().notNull(),
    // In Kazakh and in Russian, for the two notices (authorized body, subjects); staff never type an
    // English text that a Kazakh page would show. `description`/`measures` hold the Kazakh text.
    description: text().notNull(),
    measures: text().notNull(),
    // Null only on incidents recorded before both languages were asked for.
    descriptionRu: text(),
    measuresRu: text(),
    // One working day from discovery to tell the authorized body (deadline policy BREACH_NOTICE).
    authorityDueAt: timestamptz().notNull(),
    authorityNotifiedAt: timestamptz(),
    subjectsNotifiedAt: timestamptz(),
    recordedById: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.discoveredAt)],
);

export const incidentSubjects = pgTable(
  'incident_subjects',
  {
    incidentId: uuid()
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.subjectId] })],
);
