import type { DbOrTx } from '@/db';
import { findDeadlineWorkingDays, listCalendarEntries } from '@/db/queries/deadlines';
import type { DeadlineCode } from '@/db/schema/calendar';
import { buildCalendar, type WorkingCalendar } from './calendar';
import { computeDueAt } from './due';

/** The working-day calendar as the dpo keeps it: seeded decisions plus their overrides. */
export async function loadWorkingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  return buildCalendar(await listCalendarEntries(db));
}

/** When something of `code` registered at `registeredAt` is due, under today's policy and calendar. */
export async function computeDueAtFor(
  db: DbOrTx,
  code: DeadlineCode,
  registeredAt: Date,
): Promise<{ dueAt: Date; workingDays: number }> {
  const workingDays = await findDeadlineWorkingDays(db, code);
  if (workingDays === null) throw new Error(`no deadline policy for ${code}`);
  return { dueAt: computeDueAt(await loadWorkingCalendar(db), registeredAt, workingDays), workingDays };
}
