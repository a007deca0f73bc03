import type { DbOrTx } from '@/db';
import {
  findDeadlineWorkingDays,
  findStatutoryDeadline,
  listCalendarEntries,
  listDeadlinePolicies,
} from '@/db/queries/deadlines';
import type { DeadlineCode, StatutoryDeadline } from '@/db/schema/calendar';
import { processCaches } from '@/lib/cache/process';
import { buildCalendar, type WorkingCalendar } from './calendar';
import { computeDueAt } from './due';

/**
 * The working-day calendar as the dpo keeps it: seeded decisions plus their overrides, read now
 * (a transaction that changes the calendar sees its own change).
 */
export async function loadWorkingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  return buildCalendar(await listCalendarEntries(db));
}

/**
 * The working calendar for pages: this process's copy when it keeps one (lib/cache/process.ts),
 * read through `db` otherwise. A transaction that changes the calendar uses loadWorkingCalendar.
 */
export async function workingCalendarOf(db: DbOrTx): Promise<WorkingCalendar> {
  const cache = processCaches()?.deadlines;
  return cache ? (await cache.get(db)).calendar : loadWorkingCalendar(db);
}

/** Today's policy, the working days a deadline of each code has: this process's copy when it keeps one. */
export async function deadlineWorkingDaysOf(db: DbOrTx): Promise<ReadonlyMap<DeadlineCode, number>> {
  const cache = processCaches()?.deadlines;
  if (cache) return (await cache.get(db)).workingDays;
  const policies = await listDeadlinePolicies(db);
  return new Map(policies.map((p) => [p.code, p.workingDays]));
}

/**
 * When something of `code` registered at `registeredAt` is due, under today's policy and calendar:
 * from this process's copy of both when it keeps one (lib/cache/process.ts), read through `db` otherwise.
 */
export async function computeDueAtFor(
  db: DbOrTx,
  code: DeadlineCode,
  registeredAt: Date,
): Promise<{ dueAt: Date; workingDays: number }> {
  const cache = processCaches()?.deadlines;
  const reference = cache ? await cache.get(db) : null;
  const workingDays = reference ? (reference.workingDays.get(code) ?? null) : await findDeadlineWorkingDays(db, code);
  if (workingDays === null) throw new Error(`no deadline policy for ${code}`);
  const calendar = reference ? reference.calendar : await loadWorkingCalendar(db);
  return { dueAt: computeDueAt(calendar, registeredAt, workingDays), workingDays };
}

/** The deadline the Law sets for `code` (findStatutoryDeadline), from this process's copy when it keeps one. */
export async function statutoryDeadlineOf(db: DbOrTx, code: DeadlineCode): Promise<StatutoryDeadline | null> {
  const cache = processCaches()?.deadlines;
  return cache ? ((await cache.get(db)).statutes.get(code) ?? null) : findStatutoryDeadline(db, code);
}
