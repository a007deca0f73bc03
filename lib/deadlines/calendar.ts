import type { CalendarDayKind } from '@/db/schema/calendar';

/**
 * Kazakhstan working days (reference §3.3). Days are civil dates written 'YYYY-MM-DD'; the rules:
 * - a five-day week;
 * - national and state holidays are days off, and one that falls on a Saturday or Sunday makes the
 *   next working day after it a day off (Law 267-II "On holidays", Art. 5);
 * - 7 January and the first day of Kurban Ait are days off that are never carried over (Labour Code 84(5));
 * - a ministerial transfer (LC 85(3)) makes a weekday a day off and a Saturday or Sunday a working day.
 */
export type CalendarEntry = { day: string; kind: CalendarDayKind };

export type WorkingCalendar = {
  isWorkingDay(day: string): boolean;
  /** The n-th working day counting from the day after `day` (n ≥ 1). */
  addWorkingDays(day: string, n: number): string;
  /** Weekdays off in `year`: holidays, the days they were carried to, and transferred days off. */
  nonWorkingWeekdays(year: number): string[];
  /** Saturdays and Sundays worked in `year`. */
  workingWeekendDays(year: number): string[];
  /** The weekday each holiday on a weekend was carried to. */
  carriedOver(): ReadonlyMap<string, string>;
};

const DAY_MS = 86_400_000;

export function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function parseDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || toDay(date) !== day) throw new RangeError(`not a calendar date: ${day}`);
  return date;
}

export function shiftDay(day: string, days: number): string {
  return toDay(new Date(parseDay(day).getTime() + days * DAY_MS));
}

function isWeekend(day: string): boolean {
  const weekday = parseDay(day).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function buildCalendar(entries: readonly CalendarEntry[]): WorkingCalendar {
  const offDays = new Set<string>();
  const workedWeekendDays = new Set<string>();
  for (const { day, kind } of entries) {
    parseDay(day);
    if (kind === 'working_day') workedWeekendDays.add(day);
    else offDays.add(day);
  }

  // Art. 5 carry-over, in date order, so that two weekend holidays in a row (Nauryz on a Saturday
  // and Sunday) go to two different weekdays.
  const carried = new Map<string, string>();
  const weekendHolidays = entries
    .filter((entry) => entry.kind === 'holiday' && isWeekend(entry.day))
    .map((entry) => entry.day)
    .sort();
  for (const holiday of weekendHolidays) {
    let candidate = shiftDay(holiday, 1);
    while (isWeekend(candidate) || offDays.has(candidate)) candidate = shiftDay(candidate, 1);
    offDays.add(candidate);
    carried.set(holiday, candidate);
  }

  const isWorkingDay = (day: string): boolean => workedWeekendDays.has(day) || (!isWeekend(day) && !offDays.has(day));

  const daysOfYear = function* (year: number) {
    for (let day = `${year}-01-01`; day.startsWith(String(year)); day = shiftDay(day, 1)) yield day;
  };

  return {
    isWorkingDay,
    addWorkingDays(day, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer: ${n}`);
      let current = day;
      for (let counted = 0; counted < n;) {
        current = shiftDay(current, 1);
        if (isWorkingDay(current)) counted++;
      }
      return current;
    },
    nonWorkingWeekdays: (year) => [...daysOfYear(year)].filter((day) => !isWeekend(day) && !isWorkingDay(day)),
    workingWeekendDays: (year) => [...daysOfYear(year)].filter((day) => isWeekend(day) && isWorkingDay(day)),
    carriedOver: () => carried,
  };
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = shiftDay(from, 1); day <= to; day = shiftDay(day, 1)) if (calendar.isWorkingDay(day)) count++;
  return count;
}
