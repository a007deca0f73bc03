import { workingDaysBetween, type WorkingCalendar } from './calendar';

/** Requests answered: registered on one Kazakhstan day, answered on another, `count` of them. */
export type AnsweredDays = { registeredDay: string; answeredDay: string; count: number };

/**
 * The median time to answer in working days, counted as deadlines are (Art. 5 of the Law's
 * calendar; from the day after registration): 0 is "the day it was registered", 1 "by the end of the
 * next working day". The rows come grouped by day pair, so a week of thousands of answers is a few
 * dozen rows; the median is weighted by the counts. Null when nothing was answered.
 */
export function medianWorkingDays(calendar: WorkingCalendar, rows: readonly AnsweredDays[]): number | null {
  const durations = rows
    .map((row) => ({ days: workingDaysBetween(calendar, row.registeredDay, row.answeredDay), count: row.count }))
    .sort((a, b) => a.days - b.days);
  const total = durations.reduce((sum, d) => sum + d.count, 0);
  if (total === 0) return null;
  // The lower median: the value at or below which half the answers fall.
  let seen = 0;
  for (const d of durations) {
    seen += d.count;
    if (seen * 2 >= total) return d.days;
  }
  return durations.at(-1)!.days;
}
