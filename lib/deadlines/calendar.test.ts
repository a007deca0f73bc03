import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kazakhstanCalendar } from '@/db/seed/calendar-kz';
import { buildCalendar } from './calendar';

const calendar = buildCalendar(kazakhstanCalendar);

// Reference §3.2: every weekday that is not worked, by year, and the weekend days that are.
const expected = {
  2024: {
    off: [
      '01-01',
      '01-02',
      '03-08',
      '03-21',
      '03-22',
      '03-25',
      '05-01',
      '05-07',
      '05-08',
      '05-09',
      '07-08',
      '08-30',
      '10-25',
      '12-16',
    ],
    workedWeekend: ['05-04'],
    workingDays: 249,
  },
  2025: {
    off: [
      '01-01',
      '01-02',
      '01-03',
      '01-07',
      '03-10',
      '03-21',
      '03-24',
      '03-25',
      '05-01',
      '05-07',
      '05-09',
      '06-06',
      '07-07',
      '09-01',
      '10-27',
      '12-16',
    ],
    workedWeekend: ['01-05'],
    workingDays: 246,
  },
  2026: {
    off: [
      '01-01',
      '01-02',
      '01-07',
      '03-09',
      '03-23',
      '03-24',
      '03-25',
      '05-01',
      '05-07',
      '05-11',
      '05-27',
      '07-06',
      '10-26',
      '12-16',
    ],
    workedWeekend: [],
    workingDays: 247,
  },
  // "2027 onwards": Constitution Day on 15 March, no 30 August; no ministerial transfer ordered yet;
  // Kurban Ait provisionally on Sunday 16 May (never carried). Carry-overs: 2 Jan → 4 Jan,
  // Nauryz 21 Mar (Sun) → 24 Mar, 1 May → 3 May, 9 May → 10 May.
  2027: {
    off: [
      '01-01',
      '01-04',
      '01-07',
      '03-08',
      '03-15',
      '03-22',
      '03-23',
      '03-24',
      '05-03',
      '05-07',
      '05-10',
      '07-06',
      '10-25',
      '12-16',
    ],
    workedWeekend: [],
    workingDays: 247,
  },
} as const;

function countWorkingDays(year: number): number {
  let count = 0;
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) {
    if (calendar.isWorkingDay(d.toISOString().slice(0, 10))) count++;
  }
  return count;
}

describe('[CALENDAR] reference §3.2: the Kazakhstan five-day-week calendar', () => {
  for (const [year, { off, workedWeekend, workingDays }] of Object.entries(expected)) {
    test(`[CALENDAR] ${year}: exactly the reference's non-working weekdays`, () => {
      assert.deepEqual(
        calendar.nonWorkingWeekdays(Number(year)),
        off.map((d) => `${year}-${d}`),
      );
    });
    test(`[CALENDAR] ${year}: exactly the reference's worked weekend days`, () => {
      assert.deepEqual(
        calendar.workingWeekendDays(Number(year)),
        workedWeekend.map((d) => `${year}-${d}`),
      );
    });
    test(`[CALENDAR] ${year}: ${workingDays} working days in the year`, () => {
      assert.equal(countWorkingDays(Number(year)), workingDays);
    });
  }

  test('[CALENDAR] LC 85(3): 8 May 2024 is off and Saturday 4 May 2024 is worked (ministerial transfer)', () => {
    assert.equal(calendar.isWorkingDay('2024-05-08'), false);
    assert.equal(calendar.isWorkingDay('2024-05-04'), true);
  });

  test('[CALENDAR] LC 85(3): 3 January 2025 is off and Sunday 5 January 2025 is worked', () => {
    assert.equal(calendar.isWorkingDay('2025-01-03'), false);
    assert.equal(calendar.isWorkingDay('2025-01-05'), true);
  });

  test('[CALENDAR] Law 267-II Art. 5: a holiday on a weekend makes the next working day a day off', () => {
    assert.equal(calendar.carriedOver().get('2024-03-23'), '2024-03-25');
    assert.equal(calendar.carriedOver().get('2025-08-30'), '2025-09-01');
    // Nauryz 2026 on Saturday and Sunday, Monday itself a holiday: carried to Tuesday and Wednesday.
    assert.equal(calendar.carriedOver().get('2026-03-21'), '2026-03-24');
    assert.equal(calendar.carriedOver().get('2026-03-22'), '2026-03-25');
  });

  test('[CALENDAR] LC 84(5): 7 January and Kurban Ait on a weekend are never carried over', () => {
    assert.equal(calendar.carriedOver().has('2024-01-07'), false);
    assert.equal(calendar.isWorkingDay('2024-01-08'), true);
    assert.equal(calendar.carriedOver().has('2024-06-16'), false);
    assert.equal(calendar.isWorkingDay('2024-06-17'), true);
  });

  test('[CALENDAR] 2026 amendment: 30 August is no longer a holiday, so Monday 31 August 2026 is worked', () => {
    assert.equal(calendar.isWorkingDay('2026-08-31'), true);
  });

  test('[CALENDAR] 2027: Constitution Day is 15 March', () => {
    assert.equal(calendar.isWorkingDay('2027-03-15'), false);
  });
});

describe('[CALENDAR] addWorkingDays counts from the day after', () => {
  test('[CALENDAR] one working day after a Friday is the Monday', () => {
    assert.equal(calendar.addWorkingDays('2026-11-20', 1), '2026-11-23');
  });
  test('[CALENDAR] counting skips holidays and their carry-overs (Nauryz 2025)', () => {
    // Thu 20 Mar 2025; Fri 21 holiday; 24–25 carried over; Wed 26 is the first working day.
    assert.equal(calendar.addWorkingDays('2025-03-20', 1), '2025-03-26');
  });
  test('[CALENDAR] a worked Saturday counts (4 May 2024)', () => {
    assert.equal(calendar.addWorkingDays('2024-05-03', 1), '2024-05-04');
  });
  test('[CALENDAR] rejects a non-positive number of days', () => {
    assert.throws(() => calendar.addWorkingDays('2026-01-05', 0), RangeError);
  });
});
