import { workingDaysBetween, type WorkingCalendar } from './calendar';
import { kazakhstanDay } from './due';

/** How a deadline stands for someone looking at the queue now: distinct in colour and in words. */
export type DeadlineStatus = { kind: 'overdue' } | { kind: 'dueToday' } | { kind: 'left'; workingDays: number };

export function deadlineStatus(calendar: WorkingCalendar, dueAt: Date, now = new Date()): DeadlineStatus {
  if (dueAt < now) return { kind: 'overdue' };
  const today = kazakhstanDay(now);
  const dueDay = kazakhstanDay(dueAt);
  if (dueDay === today) return { kind: 'dueToday' };
  return { kind: 'left', workingDays: workingDaysBetween(calendar, today, dueDay) };
}
