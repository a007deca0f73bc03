import { sql } from 'drizzle-orm';
import { bigint, char, date, index, jsonb, pgEnum, pgTable, pgView, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { subjects } from './subjects';

/**
 * Every action with personal data (Art. 8-2, 22(1)(5)) and every change to how deadlines are kept.
 * Append-only: triggers in migration 0001 refuse UPDATE and DELETE and chain each row to the one
 * before by SHA-256 (`hash` covers `prev_hash` and the row), so an edited row breaks the chain; the
 * portal's database role may only SELECT and INSERT (db/roles.ts), and each day's last hash is
 * sealed with a key kept outside the database (`audit_seals`, lib/audit/seals.ts), so that even a
 * rewrite of the whole chain by the database's owner is found.
 */
export const auditActions = [
  'data_viewed', // staff opened a subject's data
  'data_changed', // a value was changed (the old value lives only here)
  'data_supplemented', // a new item was added
  'data_transferred', // given to a recipient, Art. 19
  'data_blocked', // Art. 1(3)
  'data_unblocked', // the violation was not confirmed
  'data_destroyed', // Art. 1(6), 18
  'data_exported', // the subject or staff downloaded data
  'processing_stopped', // a purpose no longer applies: consent withdrawn, objection upheld, removed from public sources
  'consent_given',
  'consent_withdrawn',
  'consent_refused',
  'consent_expired',
  'request_filed',
  'request_updated', // state, assignee, deadline
  'attachment_opened',
  'incident_recorded', // a personal-data security breach affecting the subject, Art. 25(2)(8)
  'letter_posted', // a letter to a subject without e-mail was posted (lib/letters)
  'destruction_listed', // retention ended: the item is on the list for destruction, Art. 18
  'signed_in', // the e-mail link; for staff again after the second factor (details.step)
  'second_factor_changed', // a staff member registered an authenticator, or an admin reset it
  'sessions_ended', // a staff member ended all their sessions, or an admin did
  'calendar_changed',
  'policy_changed',
  'staff_changed',
  'integration_changed', // an API token made or revoked; a webhook endpoint registered, changed, its secret rotated
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditAction = pgEnum('audit_action', auditActions);

// 'api': an operator system calling the API with its token (actorId is the token's id).
export const actorRoles = ['subject', 'agent', 'dpo', 'admin', 'auditor', 'system', 'api'] as const;
export type ActorRole = (typeof actorRoles)[number];
export const actorRole = pgEnum('actor_role', actorRoles);

export const auditEvents = pgTable(
  'audit_events',
  {
    // Assigned by the trigger under a lock, in commit order, so the chain has no gaps or forks.
    id: bigint({ mode: 'number' }).primaryKey(),
    at: timestamptz().notNull().defaultNow(),
    actorId: text(),
    actorRole: actorRole().notNull(),
    subjectId: uuid().references(() => subjects.id, { onDelete: 'restrict' }),
    action: auditAction().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    reason: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    // Where the request came from (lib/http/client.ts), null for jobs and the command line. Personal
    // data kept for security accountability (who really did this, Art. 22(1)(5)): shown to staff
    // on the audit trail, never to the subject, never logged. In the hash when present (migration 0006).
    clientAddress: text(),
    userAgent: text(),
    prevHash: char({ length: 64 }),
    hash: char({ length: 64 }).notNull(),
  },
  (t) => [
    index().on(t.subjectId, t.id),
    // The subject's feed filtered to the operator's actions (db/queries/activity.ts): without it, a
    // page of a subject who signs in often walks past every sign-in to find fifty other events.
    index('audit_events_operator_activity')
      .on(t.subjectId, t.id)
      .where(sql`actor_role <> 'subject'`),
    index().on(t.actorId, t.id),
    index().on(t.at),
    // The events naming many subjects (queue exports with names, migration 0032), newest first: the
    // staff trail searched by a common name walks them and their rows until its page is full
    // (db/queries/audit.ts); without it, it read every such row and sorted them (2.6 s at 1M).
    index('audit_events_batches')
      .on(t.id)
      .where(sql`details ? 'subjects'`),
  ],
);
export type AuditEvent = typeof auditEvents.$inferSelect;

/**
 * Where lib/audit/record.ts writes an event during its transaction: the row commits with the change
 * it records, so a change commits with its events or neither does. It is chained after the commit
 * (migration 0034): chain_audit_events(), under the chain's lock (migration 0001), deletes every
 * committed row here, and the delete's trigger moves them into `audit_events` in the order of their
 * numbers, numbered, timed and hashed. The writer's own process does it right after the commit,
 * before its db.transaction returns (db/index.ts, db/audit-chain.ts); the worker sweeps what a
 * process that died in between left. So no write holds the chain's lock (issue 15), and a row
 * stays here only between a commit and its chaining.
 */
export const auditEventsPending = pgTable('audit_events_pending', {
  seq: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  actorId: text(),
  actorRole: actorRole().notNull(),
  subjectId: uuid(),
  action: auditAction().notNull(),
  entityType: text().notNull(),
  entityId: text(),
  reason: text(),
  details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  clientAddress: text(),
  userAgent: text(),
});

/**
 * One row per Almaty day: the chain's last event at the end of that day and its hash, sealed with
 * HMAC-SHA256 under AUDIT_SEAL_KEY, which is never in the database (lib/audit/seals.ts). Whoever
 * rewrites events and recomputes the chain cannot recompute these seals; the same lines are also
 * written to a file and e-mailed to the dpo, so deleting the rows here does not hide a rewrite.
 * Append-only like the events.
 */
export const auditSeals = pgTable('audit_seals', {
  day: date({ mode: 'string' }).primaryKey(),
  lastEventId: bigint({ mode: 'number' }).notNull(),
  lastHash: char({ length: 64 }).notNull(),
  // Which key sealed it (an HMAC of a fixed text, never the key), so a key change reads as one.
  keyId: char({ length: 16 }).notNull(),
  seal: char({ length: 64 }).notNull(),
  sealedAt: timestamptz().notNull().defaultNow(),
});
export type AuditSeal = typeof auditSeals.$inferSelect;

/**
 * The subjects one audit event names when it is about many at once: a queue export with names
 * writes one chained event per page of up to 5,000 rows, not one per subject (issue 15: 90,000
 * chained events took 18 s), and a row here for each subject the batch names first, with the
 * request they are listed with (their activity links it). The rows are written before their event,
 * keyed by a batch id the event's details carry (`subjects.batch`, with the batch's count and the
 * SHA-256 of its sorted (subject, request) pairs), so the event is chained after its commit like any other
 * and nothing is written under the chain's lock (migration 0032; they were keyed by the event's id,
 * which exists only once chained, so the export chained its event early and held the chain's lock
 * while writing them). The chain covers these rows: lib/audit/verify.ts recomputes count and
 * SHA-256 and reports a changed, added or removed row. An event is found from its rows by
 * `audit_event_batch(id, details)` (migration 0032, a unique index on audit_events). Append-only like
 * the events (migration 0030, db/roles.ts). Each subject sees the event as their own through the
 * view `subject_audit_events`, exactly as a per-subject event looked before.
 */
export const auditEventSubjects = pgTable(
  'audit_event_subjects',
  {
    // No foreign key to audit_events (an event is found by its details, and TRUNCATE of the events
    // must meet their append-only trigger); lib/audit/verify.ts reports rows no event names.
    batchId: uuid().notNull(),
    // No foreign key either: each row comes from a request, whose subject is theirs by its own key,
    // and a key's check locks the subject's row, writing to its page: 4,000 a batch, half its cost.
    subjectId: uuid().notNull(),
    // As audit_events.entity_id, no foreign key: the trail outlives what it names.
    requestId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.subjectId] }), index().on(t.subjectId, t.batchId)],
);

/**
 * The join of a row of audit_event_subjects to its event: the event whose details carry the row's
 * batch (audit_event_batch, migration 0032), read by the unique partial index audit_events_batch_index,
 * whose condition (`details ? 'subjects'`) the join repeats so that PostgreSQL may use it.
 */
export const auditEventOfBatch = sql`audit_event_batch(${auditEvents.id}, ${auditEvents.details}) = ${auditEventSubjects.batchId} and ${auditEvents.details} ? 'subjects'`;

/**
 * Every audit event about a subject, one row per subject it concerns (migration 0030): the events
 * with their subject_id, and those naming subjects through `audit_event_subjects`, each shown as the
 * request event it stands for (entity 'request', the request they were listed with). Every reader
 * of a subject's events (their activity, its e-mail digest, the staff trail's subject filter) reads
 * this, filtered by subject_id, which PostgreSQL applies inside both halves (their indexes).
 */
export const subjectAuditEvents = pgView('subject_audit_events', {
  id: bigint({ mode: 'number' }).notNull(),
  at: timestamptz().notNull(),
  actorId: text(),
  actorRole: actorRole().notNull(),
  subjectId: uuid().notNull(),
  action: auditAction().notNull(),
  entityType: text().notNull(),
  entityId: text(),
  reason: text(),
  details: jsonb().$type<Record<string, unknown>>().notNull(),
  clientAddress: text(),
  userAgent: text(),
}).existing();
