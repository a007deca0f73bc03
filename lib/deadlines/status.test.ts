import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kazakhstanCalendar } from '@/db/seed/calendar-kz';
import { buildCalendar } from './calendar';
import { deadlineStatus } from './status';

const calendar = buildCalendar(kazakhstanCalendar);
const due = new Date('2026-11-25T18:59:59.999Z'); // end of Wednesday 25 November in Almaty

test('[QUEUE] a deadline is "working days left", "due today" or "overdue"', () => {
  assert.deepEqual(deadlineStatus(calendar, due, new Date('2026-11-23T05:00:00Z')), { kind: 'left', workingDays: 2 });
  assert.deepEqual(deadlineStatus(calendar, due, new Date('2026-11-25T05:00:00Z')), { kind: 'dueToday' });
  assert.deepEqual(deadlineStatus(calendar, due, new Date('2026-11-25T19:00:00Z')), { kind: 'overdue' });
});

test('[QUEUE] working days left skip weekends and holidays', () => {
  // From Friday 11 December 2026 to Thursday 17 December: Mon 14, Tue 15, (Wed 16 holiday), Thu 17.
  assert.deepEqual(deadlineStatus(calendar, new Date('2026-12-17T18:59:59.999Z'), new Date('2026-12-11T05:00:00Z')), {
    kind: 'left',
    workingDays: 3,
  });
});
