import { asc, between, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { calendarDays, deadlinePolicies, statutoryDeadlines, type DeadlineCode } from '@/db/schema/calendar';

/** The calendar's decisions (seeded and the dpo's), in day order; lib/deadlines/policy.ts makes working days of them. */
export async function listCalendarEntries(db: DbOrTx) {
  return db
    .select({ day: calendarDays.day, kind: calendarDays.kind })
    .from(calendarDays)
    .orderBy(asc(calendarDays.day));
}

/** The calendar's decisions from `from` to `to` (inclusive), with their names and sources: the dpo's calendar page. */
export async function listCalendarDays(db: DbOrTx, from: string, to: string) {
  return db
    .select({
      day: calendarDays.day,
      kind: calendarDays.kind,
      name: calendarDays.name,
      source: calendarDays.source,
      isProvisional: calendarDays.isProvisional,
    })
    .from(calendarDays)
    .where(between(calendarDays.day, from, to))
    .orderBy(asc(calendarDays.day));
}
export type CalendarDayEntry = Awaited<ReturnType<typeof listCalendarDays>>[number];

/** The operator's policies, each with the statutory deadline it may not exceed and its source. */
export async function listDeadlinePolicies(db: DbOrTx) {
  return db
    .select({
      code: deadlinePolicies.code,
      workingDays: deadlinePolicies.workingDays,
      maxExtensionWorkingDays: deadlinePolicies.maxExtensionWorkingDays,
      citation: deadlinePolicies.citation,
      statutoryWorkingDays: statutoryDeadlines.workingDays,
      statutoryMaxExtension: statutoryDeadlines.maxExtensionWorkingDays,
      source: statutoryDeadlines.sourceLabel,
    })
    .from(deadlinePolicies)
    .leftJoin(statutoryDeadlines, eq(statutoryDeadlines.code, deadlinePolicies.code))
    .orderBy(asc(deadlinePolicies.code));
}

/** The deadline the Law (or a by-law) sets for `code`, with its source. */
export async function findStatutoryDeadline(db: DbOrTx, code: DeadlineCode) {
  const [statute] = await db.select().from(statutoryDeadlines).where(eq(statutoryDeadlines.code, code));
  return statute ?? null;
}

/** The working days a deadline of `code` has under today's policy. */
export async function findDeadlineWorkingDays(db: DbOrTx, code: DeadlineCode): Promise<number | null> {
  const [policy] = await db
    .select({ workingDays: deadlinePolicies.workingDays })
    .from(deadlinePolicies)
    .where(eq(deadlinePolicies.code, code));
  return policy?.workingDays ?? null;
}

/** The last year the calendar has public-holiday data for (null when it has none). */
export async function findLastHolidayYear(db: DbOrTx): Promise<number | null> {
  const [row] = await db
    .select({ day: calendarDays.day })
    .from(calendarDays)
    .where(eq(calendarDays.kind, 'holiday'))
    .orderBy(desc(calendarDays.day))
    .limit(1);
  return row ? Number(row.day.slice(0, 4)) : null;
}
