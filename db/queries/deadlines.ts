import { asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { calendarDays, deadlinePolicies, type DeadlineCode } from '@/db/schema/calendar';
import { buildCalendar, type WorkingCalendar } from '@/lib/deadlines/calendar';
import { computeDueAt } from '@/lib/deadlines/due';

/** The working-day calendar as the dpo keeps it: seeded decisions plus their overrides. */
export async function loadWorkingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const entries = await db
    .select({ day: calendarDays.day, kind: calendarDays.kind })
    .from(calendarDays)
    .orderBy(asc(calendarDays.day));
  return buildCalendar(entries);
}

export async function listDeadlinePolicies(db: DbOrTx) {
  return db.select().from(deadlinePolicies).orderBy(asc(deadlinePolicies.code));
}

/** When something of `code` registered at `registeredAt` is due, under today's policy and calendar. */
export async function computeDueAtFor(
  db: DbOrTx,
  code: DeadlineCode,
  registeredAt: Date,
): Promise<{ dueAt: Date; workingDays: number }> {
  const [policy] = await db
    .select({ workingDays: deadlinePolicies.workingDays })
    .from(deadlinePolicies)
    .where(eq(deadlinePolicies.code, code));
  if (!policy) throw new Error(`no deadline policy for ${code}`);
  return {
    dueAt: computeDueAt(await loadWorkingCalendar(db), registeredAt, policy.workingDays),
    workingDays: policy.workingDays,
  };
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
