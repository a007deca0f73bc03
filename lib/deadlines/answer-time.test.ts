import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kazakhstanCalendar } from '@/db/seed/calendar-kz';
import { medianWorkingDays } from './answer-time';
import { buildCalendar } from './calendar';

const calendar = buildCalendar(kazakhstanCalendar);

describe('[DASHBOARD] Art. 25(3)(3): the median time to answer, in working days', () => {
  test('[DASHBOARD] answered the same day is 0 working days, the next working day is 1', () => {
    assert.equal(
      medianWorkingDays(calendar, [{ registeredDay: '2026-11-25', answeredDay: '2026-11-25', count: 3 }]),
      0,
    );
    assert.equal(
      medianWorkingDays(calendar, [{ registeredDay: '2026-11-25', answeredDay: '2026-11-26', count: 1 }]),
      1,
    );
  });

  test('[DASHBOARD] a weekend and a public holiday are not counted (Friday to the Tuesday after Independence Day)', () => {
    // 2026-12-16 (Wednesday) is Independence Day; Friday 11th to Thursday 17th is 3 working days.
    assert.equal(
      medianWorkingDays(calendar, [{ registeredDay: '2026-12-11', answeredDay: '2026-12-17', count: 1 }]),
      3,
    );
  });

  test('[DASHBOARD] the median is weighted by how many answers each day pair holds', () => {
    const rows = [
      { registeredDay: '2026-11-23', answeredDay: '2026-11-23', count: 10 }, // 0 days
      { registeredDay: '2026-11-23', answeredDay: '2026-11-26', count: 3 }, // 3 days
    ];
    assert.equal(medianWorkingDays(calendar, rows), 0);
    assert.equal(
      medianWorkingDays(calendar, [...rows, { registeredDay: '2026-11-23', answeredDay: '2026-11-27', count: 8 }]),
      3,
    );
    assert.equal(medianWorkingDays(calendar, []), null);
  });
});
