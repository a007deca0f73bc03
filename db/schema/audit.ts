import { bigint, char, index, jsonb, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';
import { subjects } from './subjects';

/**
 * Every action with personal data (Art. 8-2, 22(1)(5)) and every change to how deadlines are kept.
 * Append-only: triggers in migration 0000 refuse UPDATE and DELETE and chain each row to the one
 * before by SHA-256 (`hash` covers `prev_hash` and the row), so an edited row breaks the chain.
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
  'destruction_listed', // retention ended: the item is on the list for destruction, Art. 18
  'signed_in', // the e-mail link; for staff again after the second factor (details.step)
  'second_factor_changed', // a staff member registered an authenticator, or an admin reset it
  'sessions_ended', // a staff member ended all their sessions, or an admin did
  'calendar_changed',
  'policy_changed',
  'staff_changed',
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditAction = pgEnum('audit_action', auditActions);

export const actorRoles = ['subject', 'agent', 'dpo', 'admin', 'auditor', 'system'] as const;
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
    prevHash: char({ length: 64 }),
    hash: char({ length: 64 }).notNull(),
  },
  (t) => [index().on(t.subjectId, t.id), index().on(t.actorId, t.id), index().on(t.at)],
);
export type AuditEvent = typeof auditEvents.$inferSelect;
