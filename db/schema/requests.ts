import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { userRole, users } from './auth';
import { bytea, createdAt, timestamptz } from './columns';
import { consents } from './consents';
import { dataCategories, purposes } from './inventory';
import { dataItems, subjects } from './subjects';

/** The seven things a subject may ask for (PRODUCT.md, "Request types and deadlines"). */
export const requestTypes = [
  'ACCESS', // Art. 24(1)(1), 25(2)(6)-(7)
  'RECTIFY', // Art. 24(1)(2), 25(2)(8)
  'BLOCK', // Art. 24(1)(3), 25(2)(8)
  'DESTROY', // Art. 24(1)(4), 18, 25(2)(8)
  'WITHDRAW', // Art. 24(1)(5), 8(2), 8(7)
  'PUBLIC_REMOVE', // Art. 6, 24(1)(6)
  'OBJECT_AUTO', // Art. 19-1
] as const;
export type RequestType = (typeof requestTypes)[number];
export const requestType = pgEnum('request_type', requestTypes);

/** Reference §4.2. Overdue is not a state: it is `due_at` in the past while the request is open. */
export const requestStates = [
  'RECEIVED',
  'REGISTERED',
  'IN_PROGRESS',
  'AWAITING_INFO',
  'DATA_BLOCKED',
  'EXTENDED',
  // Executed in the portal's own copy; the operator's systems are still carrying it out (their
  // tasks, db/schema/integrations.ts). Completed when the last task is done.
  'EXECUTING',
  'COMPLETED',
  'PARTIALLY_COMPLETED',
  'REFUSED',
  'WITHDRAWN',
  'FORWARDED',
] as const;
export type RequestState = (typeof requestStates)[number];
export const requestState = pgEnum('request_state', requestStates);
/**
 * Open and closed, defined once: the TypeScript checks, the SQL filters (db/queries/requests.ts,
 * openRequestSql) and the CHECK below that a closed request has its completion time all use these.
 */
export const closedRequestStates = [
  'COMPLETED',
  'PARTIALLY_COMPLETED',
  'REFUSED',
  'WITHDRAWN',
  'FORWARDED',
] as const satisfies readonly RequestState[];
export type ClosedRequestState = (typeof closedRequestStates)[number];
export type OpenRequestState = Exclude<RequestState, ClosedRequestState>;
export const openRequestStates = requestStates.filter(
  (state): state is OpenRequestState => !(closedRequestStates as readonly string[]).includes(state),
);
export function isOpenState(state: RequestState): state is OpenRequestState {
  return !(closedRequestStates as readonly string[]).includes(state);
}
/** States in which the operator has not acted yet: the subject may still cancel (WITHDRAWN). */
export const cancellableStates = [
  'RECEIVED',
  'REGISTERED',
  'IN_PROGRESS',
  'AWAITING_INFO',
  'EXTENDED',
] as const satisfies readonly OpenRequestState[];
/**
 * States as SQL literals (`'A', 'B'`), for `state in (…)`: a partial index's predicate, and a
 * query a prepared statement's generic plan can still match to it (a parameter could not).
 */
export const statesSql = (states: readonly RequestState[]) => sql.raw(states.map((state) => `'${state}'`).join(', '));
const closedStatesSql = statesSql(closedRequestStates);
/** Closed with an answer to the subject: what the dashboard's twelve weeks count (on time or not). */
export const answeredRequestStates = [
  'COMPLETED',
  'PARTIALLY_COMPLETED',
  'REFUSED',
] as const satisfies readonly ClosedRequestState[];

/** Art. 10(2): in writing, as an electronic document, or another protected way. */
export const requestChannel = pgEnum('request_channel', ['portal', 'paper', 'email']);

export const requests = pgTable(
  'requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    reference: text().notNull().unique(),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    type: requestType().notNull(),
    state: requestState().notNull().default('REGISTERED'),
    channel: requestChannel().notNull().default('portal'),
    // What the subject wrote: the violation (BLOCK), the reason (DESTROY), where it was published…
    description: text(),
    purposeId: uuid().references(() => purposes.id, { onDelete: 'restrict' }), // OBJECT_AUTO
    registeredAt: timestamptz().notNull().defaultNow(),
    // The count behind the due time: from this instant, this many working days (the type's policy at
    // registration, plus any extension). A policy change applies to new requests only; a calendar
    // change recomputes dueAt from these two (lib/calendar/change.ts).
    deadlineFrom: timestamptz().notNull(),
    deadlineWorkingDays: integer().notNull(),
    dueAt: timestamptz().notNull(),
    originalDueAt: timestamptz().notNull(),
    extensionReason: text(),
    completedAt: timestamptz(),
    assigneeId: text().references(() => users.id, { onDelete: 'set null' }),
    registeredById: text().references(() => users.id, { onDelete: 'set null' }),
    // The operator's answer to the subject: what was done, or the result of an objection.
    outcome: text(),
    // Art. 25(2)(7), 8(7): a refusal is reasoned.
    refusalReasonCode: text(),
    refusalLegalBasis: text(),
    refusalText: text(),
    // A double-click or a resubmitted form carries the same key and files one request.
    idempotencyKey: uuid(),
    // Optimistic locking: every change bumps it; a change made against a stale version is refused.
    version: integer().notNull().default(1),
    // Kept by the database from `state`. Open requests are a small, recent part of a real history
    // (a million requests, most closed long ago): the queue's default views read them through the
    // partial indexes below, which hold only open rows. The queries test it as a bare column
    // (db/queries/queue.ts), a literal a generic plan can match to the indexes' predicate.
    isOpen: boolean()
      .notNull()
      .generatedAlwaysAs(sql.raw(`state not in (${closedRequestStates.map((s) => `'${s}'`).join(', ')})`)),
    // The subject's name and e-mail address, a line each, in lower case, as the queue's search reads
    // them (db/queries/queue.ts, searchSql): kept by the database from the subject (migration 0037's
    // triggers, on every request written and every change of a subject's name or address; 0038's
    // lower case), never by the portal. Copied so that the open requests matching a name are found through one index over
    // the open requests alone (requests_open_subject_search_trgm): found through the subjects, a
    // first name one person in twenty bears is 50,000 subjects at a million, most with nothing open.
    subjectSearch: text(),
    createdAt: createdAt(),
    updatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    check('requests_reference_format', sql`${t.reference} ~ '^[0-9]{4}-[0-9]{6}$'`),
    check(
      'requests_refusal_is_reasoned',
      sql`${t.state} <> 'REFUSED' or (${t.refusalReasonCode} is not null and ${t.refusalLegalBasis} is not null and length(trim(${t.refusalText})) > 0)`,
    ),
    check('requests_due_after_registration', sql`${t.dueAt} > ${t.registeredAt}`),
    check('requests_completed_when_closed', sql`(${t.state} in (${closedStatesSql})) = (${t.completedAt} is not null)`),
    unique().on(t.subjectId, t.idempotencyKey),
    index().on(t.subjectId, t.registeredAt),
    // Every view sorts by (due_at, id) and pages by it: each filter has an index ending in those.
    index().on(t.state, t.dueAt, t.id),
    index('requests_assignee_due').on(t.assigneeId, t.dueAt, t.id),
    index().on(t.dueAt, t.id),
    index().on(t.type, t.dueAt, t.id),
    // A system following the requests through the API (GET /api/v1/requests?updatedSince=…) pages by
    // the time of the last change, the id breaking ties (lib/api/requests.ts).
    index('requests_updated').on(t.updatedAt, t.id),
    index('requests_open_due')
      .on(t.dueAt, t.id)
      .where(sql`is_open`),
    index('requests_open_type_due')
      .on(t.type, t.dueAt, t.id)
      .where(sql`is_open`),
    index('requests_open_assignee_due')
      .on(t.assigneeId, t.dueAt, t.id)
      .where(sql`is_open`),
    // The queue sorted by registration (either way: an index reads backwards as fast), open and all;
    // sorted by type it pages on (type, due_at, id), which the type indexes above already serve.
    index('requests_open_registered')
      .on(t.registeredAt, t.id)
      .where(sql`is_open`),
    index('requests_registered').on(t.registeredAt, t.id),
    // The dashboard's last twelve weeks of answers (db/queries/dashboard.ts), with what their figures
    // need: without it each of its three statements read the whole history (1M: 220 ms each).
    index('requests_answered')
      .on(t.completedAt, t.registeredAt, t.dueAt)
      .where(sql`state in (${statesSql(answeredRequestStates)})`),
    // "Assigned to me" (or to anyone) in the other orders: without these a person's requests sorted
    // by registration or by type were found by walking every open request (bench/queue.ts).
    index('requests_open_assignee_registered')
      .on(t.assigneeId, t.registeredAt, t.id)
      .where(sql`is_open`),
    index('requests_open_assignee_type_due')
      .on(t.assigneeId, t.type, t.dueAt, t.id)
      .where(sql`is_open`),
    // Newest (or oldest) first within a type.
    index('requests_open_type_registered')
      .on(t.type, t.registeredAt, t.id)
      .where(sql`is_open`),
    // The shortest time from registration to the due time among open requests: where "overdue" in an
    // order by registration starts (overdueRegisteredBefore, db/queries/queue.ts). Its predicate
    // adds what requests_due_after_registration already holds, so that only a query stating it
    // (that one) can use the index: with `is_open` alone, this smallest of the open indexes was
    // the planner's choice for reading every open request, and counting "assigned to me" walked all
    // of them (bench/queue.ts at a million: 115,914 rows thrown away, 192 ms, for 4,036).
    // By type (issue 15): the terms differ (ACCESS 3 working days, WITHDRAW 15, RECTIFY 1…), and a
    // bound taken from the shortest of all read the open requests of the longer terms between it
    // and theirs; each type's shortest is one index entry of its own.
    index('requests_open_term')
      .on(t.type, sql`(${t.dueAt} - ${t.registeredAt})`)
      .where(sql`is_open and ${t.dueAt} > ${t.registeredAt}`),
    // The latest registration among a type's open requests due at one time: with the span above,
    // the bound of "overdue" newest first (overdueRegisteredBefore), exact where due times follow
    // registrations.
    index('requests_open_type_due_registered')
      .on(t.type, t.dueAt, t.registeredAt)
      .where(sql`is_open`),
    // A view of one state, of one type or of both, in each order (db/queries/queue.ts, readOrder): the
    // state and the type lead it, so each such view is one range of one of these. Over the whole
    // history, not the open requests alone: a closed state is a view too, and walking the history's
    // order for a rare one (FORWARDED, one request in two hundred) threw away thousands of rows a
    // row shown (bench/queue-views.ts, every combination of the filters at a million).
    index('requests_state_registered').on(t.state, t.registeredAt, t.id),
    index('requests_state_type_due').on(t.state, t.type, t.dueAt, t.id),
    index('requests_state_type_registered').on(t.state, t.type, t.registeredAt, t.id),
    index('requests_type_registered').on(t.type, t.registeredAt, t.id),
    // The same views of one person's requests (assigned to me, or to a colleague) over the history:
    // the person is an equality, so an index with the assignee after the state and the type gives
    // the same order, one range for the person. Without them such a view walked the state's or the
    // type's range and threw away everyone else's (30-40 rows a row shown at a million, one agent in
    // ten holding a third of the requests). Only assigned requests: "unassigned" and "anyone" never
    // read them.
    index('requests_state_assignee_due')
      .on(t.state, t.assigneeId, t.dueAt, t.id)
      .where(sql`assignee_id is not null`),
    index('requests_state_assignee_registered')
      .on(t.state, t.assigneeId, t.registeredAt, t.id)
      .where(sql`assignee_id is not null`),
    index('requests_state_assignee_type_due')
      .on(t.state, t.assigneeId, t.type, t.dueAt, t.id)
      .where(sql`assignee_id is not null`),
    index('requests_state_assignee_type_registered')
      .on(t.state, t.assigneeId, t.type, t.registeredAt, t.id)
      .where(sql`assignee_id is not null`),
    index('requests_assignee_type_due')
      .on(t.assigneeId, t.type, t.dueAt, t.id)
      .where(sql`assignee_id is not null`),
    index('requests_assignee_type_registered')
      .on(t.assigneeId, t.type, t.registeredAt, t.id)
      .where(sql`assignee_id is not null`),
    index('requests_assignee_registered')
      .on(t.assigneeId, t.registeredAt, t.id)
      .where(sql`assignee_id is not null`),
    // Nobody's requests (assignee=none) due today in an order by registration: the due-today range is
    // read whole and sorted, and through the due indexes above a third of it (the assigned) was read
    // to be thrown away; so was a third of a state's unassigned requests counted. Unassigned
    // requests only, as the assigned have theirs (bench/queue-views.ts at a million, with a fill due
    // as the portal's requests are: 4,058 rows thrown away for a page of 51).
    index('requests_open_unassigned_due')
      .on(t.dueAt, t.id)
      .where(sql`is_open and assignee_id is null`),
    index('requests_unassigned_state_due')
      .on(t.state, t.dueAt, t.id)
      .where(sql`assignee_id is null`),
    // The open requests whose subject's name or address holds a text, in no order: a search's
    // matches, sorted after (db/queries/queue.ts). Partial: the closed history is never read.
    index('requests_open_subject_search_trgm')
      .using('gin', sql`${t.subjectSearch} gin_trgm_ops`)
      .where(sql`is_open`),
    // A reference found by any part of it ("000123", "2026-0001"), from three characters on (pg_trgm).
    index('requests_reference_trgm').using('gin', sql`${t.reference} gin_trgm_ops`),
  ],
);
export type Request = typeof requests.$inferSelect;

/**
 * The last number of each year given before migration 0023: since then each year's references
 * come from a sequence of its own (`next_request_number`), started after the number kept here.
 */
export const requestReferenceCounters = pgTable('request_reference_counters', {
  year: integer().primaryKey(),
  lastNumber: integer().notNull(),
});

/** The items a request is about, and for RECTIFY the value the subject proposes (a new item when `dataItemId` is empty). */
export const requestItems = pgTable(
  'request_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    dataItemId: uuid().references(() => dataItems.id, { onDelete: 'restrict' }),
    categoryId: uuid()
      .notNull()
      .references(() => dataCategories.id, { onDelete: 'restrict' }),
    proposedValue: text(),
  },
  (t) => [
    index().on(t.requestId),
    index().on(t.dataItemId),
    check('request_items_target', sql`${t.dataItemId} is not null or ${t.proposedValue} is not null`),
  ],
);
export type RequestItem = typeof requestItems.$inferSelect;

export const requestConsents = pgTable(
  'request_consents',
  {
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    consentId: uuid()
      .notNull()
      .references(() => consents.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.consentId] }), index().on(t.consentId)],
);

export const requestEventKinds = [
  'filed',
  'state_changed',
  'message',
  'note',
  'assigned',
  'info_requested',
  'deadline_extended',
  'executed',
  'refused',
  'cancelled',
] as const;
export type RequestEventKind = (typeof requestEventKinds)[number];
export const requestEventKind = pgEnum('request_event_kind', requestEventKinds);
/** Internal events (notes, assignments) never reach the subject. */
export const eventVisibility = pgEnum('event_visibility', ['subject', 'internal']);

export const requestEvents = pgTable(
  'request_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    at: timestamptz().notNull().defaultNow(),
    kind: requestEventKind().notNull(),
    visibility: eventVisibility().notNull(),
    actorId: text().references(() => users.id, { onDelete: 'set null' }),
    actorRole: userRole(),
    body: text(),
    fromState: requestState(),
    toState: requestState(),
    details: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [index().on(t.requestId, t.at)],
);
export type RequestEvent = typeof requestEvents.$inferSelect;

/** Supporting documents, stored in the database so a DESTROY erases them in its own transaction. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' }).references(() => requestEvents.id, { onDelete: 'set null' }),
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    fileName: text().notNull(),
    contentType: text().notNull(),
    byteSize: integer().notNull(),
    sha256: text().notNull(),
    content: bytea(),
    uploadedById: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    erasedAt: timestamptz(),
  },
  (t) => [
    index().on(t.requestId),
    check('attachments_content_or_erased', sql`(${t.content} is null) = (${t.erasedAt} is not null)`),
    check('attachments_type', sql`${t.contentType} in ('application/pdf', 'image/jpeg', 'image/png')`),
    check('attachments_size', sql`${t.byteSize} > 0 and ${t.byteSize} <= 10485760`),
  ],
);

/**
 * Art. 19-1(2)-(3): an objection to automated processing that the operator upheld. From then on
 * the purpose's automated processing is stopped for this subject; My data and the consents page
 * say so, with the request that decided it.
 */
export const purposeObjections = pgTable(
  'purpose_objections',
  {
    subjectId: uuid()
      .notNull()
      .references(() => subjects.id, { onDelete: 'restrict' }),
    purposeId: uuid()
      .notNull()
      .references(() => purposes.id, { onDelete: 'restrict' }),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'restrict' }),
    upheldAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.purposeId] })],
);
