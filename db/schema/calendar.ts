import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, localized, localizedCheck, timestamptz } from './columns';

/**
 * The Kazakhstan calendar as data (reference §3). The rules that turn it into working days
 * (weekends, carry-over of a holiday on a weekend) are code: lib/deadlines/calendar.ts.
 * - holiday: a national or state holiday (Law 267-II Arts. 2-3), carried over when on a weekend (Art. 5);
 * - day_off: a day off that is never carried over (Labour Code 84(5): 7 January, Kurban Ait);
 * - transferred_day_off: a weekday made a day off by a ministerial transfer (LC 85(3));
 * - working_day: a Saturday or Sunday made a working day by such a transfer.
 */
export const calendarDayKinds = ['holiday', 'day_off', 'transferred_day_off', 'working_day'] as const;
export type CalendarDayKind = (typeof calendarDayKinds)[number];
export const calendarDayKind = pgEnum('calendar_day_kind', calendarDayKinds);

export const calendarDays = pgTable(
  'calendar_days',
  {
    day: date({ mode: 'string' }).primaryKey(),
    kind: calendarDayKind().notNull(),
    name: localized().notNull(),
    // The decision behind the entry: a law, an order, an announcement.
    source: text().notNull(),
    isProvisional: boolean().notNull().default(false),
    createdById: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    localizedCheck('calendar_days_name_localized', t.name),
    check('calendar_days_source_given', sql`length(trim(${t.source})) > 0`),
    check(
      'calendar_days_working_day_on_weekend',
      sql`${t.kind} <> 'working_day' or extract(isodow from ${t.day}) in (6, 7)`,
    ),
  ],
);
export type CalendarDay = typeof calendarDays.$inferSelect;

/** Deadline codes: the request types and the notices. */
export const deadlineCodes = [
  'ACCESS',
  'RECTIFY',
  'BLOCK',
  'DESTROY',
  'WITHDRAW',
  'PUBLIC_REMOVE',
  'OBJECT_AUTO',
  'UNBLOCK',
  'TRANSFER_NOTICE',
  'BREACH_NOTICE',
] as const;
export type DeadlineCode = (typeof deadlineCodes)[number];
export const deadlineCode = pgEnum('deadline_code', deadlineCodes);

/**
 * The deadline a law or a by-law sets, per request type and notice: the ceiling the operator's
 * policy may shorten but never lengthen. Release data (db/seed/reference.ts writes it at every
 * start), never edited in the back office, so the dpo cannot stretch what the Law fixed.
 * `source` is the short citation ("Art. 25(2)(8)", "Rules 395/НҚ p.16"); `sourceLabel` is how the
 * UI and the e-mails name it. Law 94-V provides no extension for any of these deadlines; APPK
 * Art. 76(3) lets only an administrative body extend (up to two months, by reasoned decision), so
 * `maxExtensionWorkingDays` is 0 unless such a source is recorded in `extensionSource`.
 */
export const statutoryDeadlines = pgTable(
  'statutory_deadlines',
  {
    code: deadlineCode().primaryKey(),
    workingDays: integer().notNull(),
    source: text().notNull(),
    sourceLabel: localized().notNull(),
    maxExtensionWorkingDays: integer().notNull().default(0),
    extensionSource: text(),
  },
  (t) => [
    localizedCheck('statutory_deadlines_source_label_localized', t.sourceLabel),
    check('statutory_deadlines_days_positive', sql`${t.workingDays} > 0`),
    check(
      'statutory_deadlines_extension_has_source',
      sql`${t.maxExtensionWorkingDays} = 0 or ${t.extensionSource} is not null`,
    ),
  ],
);
export type StatutoryDeadline = typeof statutoryDeadlines.$inferSelect;

/**
 * Deadlines in working days, by request type and by notice, editable by the dpo within the
 * statutory ceiling above (the trigger in migration 0007 refuses a policy that lengthens it).
 */
export const deadlinePolicies = pgTable(
  'deadline_policies',
  {
    code: deadlineCode().primaryKey(),
    workingDays: integer().notNull(),
    // How many working days the dpo may add, with a reason the subject sees; 0 = no extension.
    maxExtensionWorkingDays: integer().notNull().default(0),
    citation: localized().notNull(),
    updatedAt: timestamptz().notNull().defaultNow(),
    updatedById: text().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    localizedCheck('deadline_policies_citation_localized', t.citation),
    check('deadline_policies_days_positive', sql`${t.workingDays} > 0 and ${t.workingDays} <= 60`),
    check('deadline_policies_extension', sql`${t.maxExtensionWorkingDays} >= 0`),
  ],
);
export type DeadlinePolicy = typeof deadlinePolicies.$inferSelect;
