import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { subjects } from './subjects';

/**
 * Domain events: what happened, recorded by the code that made it happen, in its transaction. The
 * names, versions and payloads are a public contract (lib/events/catalogue.ts): the portal turns
 * each into what its channels need (the subject's e-mail now; webhook deliveries and postal letters
 * next), and the operator's systems will read the same events through the API and webhooks.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    type: text().notNull(),
    version: integer().notNull(),
    // The subject the event is about, when there is one: their events, in order, for the API.
    subjectId: uuid().references(() => subjects.id, { onDelete: 'restrict' }),
    occurredAt: timestamptz().notNull().defaultNow(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index().on(t.subjectId, t.id),
    index().on(t.type, t.id),
    check('domain_events_type_format', sql`${t.type} ~ '^[a-z_]+\\.[a-z_]+$'`),
  ],
);
export type DomainEventRow = typeof domainEvents.$inferSelect;
