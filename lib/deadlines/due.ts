import { type WorkingCalendar, shiftDay, toDay } from './calendar';

/**
 * Kazakhstan time. One zone, UTC+5, since 1 March 2024; before that the capital and the east of
 * the country, where the operator sits, were on UTC+6.
 */
const SINGLE_ZONE_SINCE = Date.UTC(2024, 1, 29, 18); // 1 March 2024 00:00 in UTC+6

export function kazakhstanOffsetHours(at: Date): number {
  return at.getTime() >= SINGLE_ZONE_SINCE ? 5 : 6;
}

/** The civil date in Kazakhstan at the instant `at`. */
export function kazakhstanDay(at: Date): string {
  return toDay(new Date(at.getTime() + kazakhstanOffsetHours(at) * 3_600_000));
}

/**
 * The wall-clock time in Kazakhstan at `at`, as a Date whose UTC fields read it: what a spreadsheet
 * cell holds (an Excel date has no time zone; exceljs writes a Date's UTC fields).
 */
export function kazakhstanWallClock(at: Date): Date {
  return new Date(at.getTime() + kazakhstanOffsetHours(at) * 3_600_000);
}

/** "2026-12-01 14:35", Kazakhstan time: sortable, and read as a date and time by a spreadsheet in any language. */
export function kazakhstanDateTime(at: Date): string {
  return kazakhstanWallClock(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** ISO 8601 with Kazakhstan's offset, "2026-12-01T14:35:07+05:00": the instant (to the second) read on an Almaty clock. */
export function kazakhstanIso(at: Date): string {
  const offset = kazakhstanOffsetHours(at);
  return `${kazakhstanWallClock(at).toISOString().slice(0, 19)}+0${offset}:00`;
}

/** The last millisecond of `day` in Kazakhstan. */
export function endOfKazakhstanDay(day: string): Date {
  const nextMidnightUtc = new Date(`${shiftDay(day, 1)}T00:00:00Z`);
  const offset = kazakhstanOffsetHours(new Date(nextMidnightUtc.getTime() - 5 * 3_600_000));
  return new Date(nextMidnightUtc.getTime() - offset * 3_600_000 - 1);
}

/** Now, the date in Kazakhstan and the end of that day: what "overdue" and "due today" are measured against. */
export function kazakhstanToday(now = new Date()): { now: Date; day: string; endOfToday: Date } {
  const day = kazakhstanDay(now);
  return { now, day, endOfToday: endOfKazakhstanDay(day) };
}

/**
 * When a request registered at `registeredAt` is due: `workingDays` working days counted from the
 * day after registration (APPK 76(2), by analogy), at the end of that day in Kazakhstan time.
 */
export function computeDueAt(calendar: WorkingCalendar, registeredAt: Date, workingDays: number): Date {
  return endOfKazakhstanDay(calendar.addWorkingDays(kazakhstanDay(registeredAt), workingDays));
}
