import type { DbOrTx } from '@/db';
import { findLastHolidayYear } from '@/db/queries/deadlines';
import { kazakhstanDay } from './due';

/**
 * The calendar's horizon. Holidays and ministerial transfers are decided year by year; after the
 * last year the calendar holds holidays for, a deadline would count every weekday as a working
 * day. So the portal warns well before: the dpo's banner, the health check and `derbes calendar
 * status` all read this, from WARN_DAYS before the end of that year.
 */
export const WARN_DAYS = 90;

export type CalendarHorizon = {
  /** The last year with public-holiday data, or null for an empty calendar. */
  lastYear: number | null;
  /** The last day covered, e.g. 2027-12-31. */
  endsOn: string | null;
  /** Calendar days from today (in Kazakhstan) to endsOn; negative once it has passed. */
  daysLeft: number | null;
  /** True from WARN_DAYS before endsOn, and when there is no data at all. */
  warning: boolean;
};

export function horizonOf(lastYear: number | null, now: Date): CalendarHorizon {
  if (lastYear === null) return { lastYear, endsOn: null, daysLeft: null, warning: true };
  const endsOn = `${lastYear}-12-31`;
  const today = kazakhstanDay(now);
  const daysLeft = Math.round((Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return { lastYear, endsOn, daysLeft, warning: daysLeft <= WARN_DAYS };
}

export async function findCalendarHorizon(db: DbOrTx, now = new Date()): Promise<CalendarHorizon> {
  return horizonOf(await findLastHolidayYear(db), now);
}
