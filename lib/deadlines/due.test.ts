import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kazakhstanCalendar } from '@/db/seed/calendar-kz';
import { buildCalendar } from './calendar';
import { computeDueAt, kazakhstanDateTime, kazakhstanDay, kazakhstanIso, kazakhstanWallClock } from './due';

const calendar = buildCalendar(kazakhstanCalendar);

describe('[DEADLINE] due times in Kazakhstan time (UTC+5)', () => {
  test('[RECTIFY] Art. 25(2)(8): due at the end of the first working day after registration', () => {
    // Registered Tuesday 24 Nov 2026, 10:00 in Almaty.
    const due = computeDueAt(calendar, new Date('2026-11-24T05:00:00Z'), 1);
    assert.equal(due.toISOString(), '2026-11-25T18:59:59.999Z');
  });

  test('[DEADLINE] registration late in the evening counts on the Kazakhstan date, not the UTC one', () => {
    // 23:30 on Friday 20 Nov 2026 in Almaty is still Friday there (18:30 UTC).
    assert.equal(kazakhstanDay(new Date('2026-11-20T18:30:00Z')), '2026-11-20');
    // 00:30 on Saturday in Almaty is Friday 19:30 UTC: the count starts after Saturday.
    assert.equal(kazakhstanDay(new Date('2026-11-20T19:30:00Z')), '2026-11-21');
    assert.equal(computeDueAt(calendar, new Date('2026-11-20T19:30:00Z'), 1).toISOString(), '2026-11-23T18:59:59.999Z');
  });

  test('[WITHDRAW] Art. 8(7): fifteen working days, skipping the Independence Day holiday', () => {
    // Registered Monday 30 Nov 2026; Wed 16 Dec is a holiday, so the 15th working day is Tue 22 Dec.
    const due = computeDueAt(calendar, new Date('2026-11-30T06:00:00Z'), 15);
    assert.equal(due.toISOString(), '2026-12-22T18:59:59.999Z');
  });

  test('[ACCESS] Rules 395/НҚ p.16: three working days over the New Year holidays', () => {
    // Registered Wed 30 Dec 2026: Thu 31 Dec counts; 1 Jan 2027 is a holiday and 2 Jan, a Saturday
    // holiday, makes Mon 4 Jan a day off; then Tue 5 and Wed 6 Jan.
    const due = computeDueAt(calendar, new Date('2026-12-30T04:00:00Z'), 3);
    assert.equal(due.toISOString(), '2027-01-06T18:59:59.999Z');
  });

  test('[DEADLINE] before 1 March 2024 Kazakhstan time was UTC+6', () => {
    const due = computeDueAt(calendar, new Date('2024-02-20T04:00:00Z'), 1);
    assert.equal(due.toISOString(), '2024-02-21T17:59:59.999Z');
  });
});

describe('[DOWNLOAD] times in what the subject downloads are Almaty time', () => {
  test('[ACCESS] Art. 24(1)(1): a spreadsheet shows the time on an Almaty clock, UTC+6 before 1 March 2024', () => {
    assert.equal(kazakhstanDateTime(new Date('2026-11-20T19:30:00Z')), '2026-11-21 00:30');
    assert.equal(kazakhstanIso(new Date('2026-11-20T19:30:05.123Z')), '2026-11-21T00:30:05+05:00');
    assert.equal(kazakhstanIso(new Date('2024-02-20T04:00:00Z')), '2024-02-20T10:00:00+06:00');
    assert.equal(kazakhstanWallClock(new Date('2026-11-20T09:00:00Z')).toISOString(), '2026-11-20T14:00:00.000Z');
  });
});
