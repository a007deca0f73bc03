import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { loadWorkingCalendar } from '@/lib/deadlines/policy';
import { users } from '@/db/schema/auth';
import { auditEvents } from '@/db/schema/audit';
import { calendarDays, deadlinePolicies, statutoryDeadlines } from '@/db/schema/calendar';
import { requests } from '@/db/schema/requests';
import { seedReferenceData } from '@/db/seed/reference';
import { createSubjectWithItems, createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';
import { fileRequest } from '@/lib/requests/file';
import { removeCalendarDay, saveCalendarDay, saveDeadlinePolicy } from './change';

let t: TestDatabase;
let dpo: Staff;
let subjectId: string;
const name = { kk: 'Сынақ', ru: 'Тест', en: 'Test' };

before(async () => {
  t = await createTestDatabase();
  await seedReferenceData(t.db);
  const [user] = await t.db.insert(users).values({ email: 'dpo@calendar.test', role: 'dpo' }).returning();
  dpo = { id: user!.id, role: 'dpo' };
  subjectId = (await createSubjectWithItems(t.db)).subject.id;
});
after(() => t.drop());

const due = async (id: string) =>
  (await t.db.select({ dueAt: requests.dueAt }).from(requests).where(eq(requests.id, id)))[0]!.dueAt.toISOString();

describe('[CALENDAR] the dpo keeps the calendar; open requests follow it', () => {
  test('[CALENDAR] LC 85(3): a day off added on the due day moves the due time of open requests, not closed ones', async () => {
    // Registered Monday 7 December 2026: RECTIFY is due at the end of Tuesday 8 December.
    const open = await t.db.transaction((tx) =>
      fileRequest(tx, { subjectId, type: 'RECTIFY', registeredAt: new Date('2026-12-07T05:00:00Z'), notify: false }),
    );
    const closed = await t.db.transaction((tx) =>
      fileRequest(tx, { subjectId, type: 'RECTIFY', registeredAt: new Date('2026-12-07T05:00:00Z'), notify: false }),
    );
    await t.db.update(requests).set({ state: 'COMPLETED', completedAt: new Date() }).where(eq(requests.id, closed.id));
    assert.equal(await due(open.id), '2026-12-08T18:59:59.999Z');

    const moved = await t.db.transaction((tx) =>
      saveCalendarDay(tx, dpo, {
        day: '2026-12-08',
        kind: 'transferred_day_off',
        name,
        source: 'Test order No. 1',
        isProvisional: false,
      }),
    );
    assert.ok(moved >= 1);
    assert.equal(await due(open.id), '2026-12-09T18:59:59.999Z');
    assert.equal(await due(closed.id), '2026-12-08T18:59:59.999Z');
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'calendar_changed'), eq(auditEvents.entityId, '2026-12-08')));
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.reason, 'Test order No. 1');

    await t.db.transaction((tx) => removeCalendarDay(tx, dpo, { day: '2026-12-08' }));
    assert.equal(await due(open.id), '2026-12-08T18:59:59.999Z');
  });

  test('[CALENDAR] a day that is not a calendar date is refused as invalid before the database sees it', async () => {
    for (const day of ['2020-13-45', "2026-12-08'; --", '\u0000'])
      await assert.rejects(
        t.db.transaction((tx) => removeCalendarDay(tx, dpo, { day })),
        /invalid/,
      );
  });

  test('[CALENDAR] a late Kurban Ait date: moving the provisional 2027 date moves the days off', async () => {
    await t.db.transaction((tx) =>
      saveCalendarDay(tx, dpo, {
        day: '2027-05-17',
        previousDay: '2027-05-16',
        kind: 'day_off',
        name,
        source: 'Announcement of the Spiritual Administration of Muslims',
        isProvisional: false,
      }),
    );
    const calendar = await loadWorkingCalendar(t.db);
    assert.equal(calendar.isWorkingDay('2027-05-17'), false);
    assert.equal(calendar.isWorkingDay('2027-05-18'), true);

    // Every start seeds the reference data again: the moved day must not come back.
    await seedReferenceData(t.db);
    const restarted = await loadWorkingCalendar(t.db);
    assert.equal(restarted.isWorkingDay('2027-05-17'), false);
    assert.deepEqual(
      (await t.db.select().from(calendarDays).where(eq(calendarDays.day, '2027-05-16'))).length,
      0,
      'the provisional date the dpo replaced stays gone after a restart',
    );
  });

  test('[CALENDAR] a worked day must be a Saturday or Sunday, and every day needs its source', async () => {
    const invalid = (error: unknown) => error instanceof DomainError && error.code === 'invalid';
    await assert.rejects(
      t.db.transaction((tx) =>
        saveCalendarDay(tx, dpo, { day: '2026-12-09', kind: 'working_day', name, source: 'x', isProvisional: false }),
      ),
      invalid,
    );
    await assert.rejects(
      t.db.transaction((tx) =>
        saveCalendarDay(tx, dpo, { day: '2026-12-12', kind: 'working_day', name, source: ' ', isProvisional: false }),
      ),
      invalid,
    );
  });

  test('[DEADLINE] a policy change applies to new requests only', async () => {
    const before = await t.db.transaction((tx) =>
      fileRequest(tx, { subjectId, type: 'ACCESS', registeredAt: new Date('2026-11-23T05:00:00Z'), notify: false }),
    );
    await t.db.transaction((tx) =>
      saveDeadlinePolicy(tx, dpo, { code: 'ACCESS', workingDays: 2, maxExtensionWorkingDays: 0, citation: name }),
    );
    const after = await t.db.transaction((tx) =>
      fileRequest(tx, { subjectId, type: 'ACCESS', registeredAt: new Date('2026-11-23T05:00:00Z'), notify: false }),
    );
    assert.equal(await due(before.id), '2026-11-26T18:59:59.999Z');
    assert.equal(await due(after.id), '2026-11-25T18:59:59.999Z');
    // A later calendar change keeps each request's own number of working days.
    await t.db.transaction((tx) =>
      saveCalendarDay(tx, dpo, {
        day: '2026-11-25',
        kind: 'transferred_day_off',
        name,
        source: 'Test',
        isProvisional: false,
      }),
    );
    assert.equal(await due(before.id), '2026-11-27T18:59:59.999Z');
    assert.equal(await due(after.id), '2026-11-26T18:59:59.999Z');
  });

  test('[DEADLINE] Art. 25(2)(8): a policy cannot lengthen the statutory deadline', async () => {
    const beyond = (error: unknown) => error instanceof DomainError && error.code === 'beyondStatute';
    // RECTIFY: one working day, Art. 25(2)(8); the Law allows no extension.
    await assert.rejects(
      t.db.transaction((tx) =>
        saveDeadlinePolicy(tx, dpo, { code: 'RECTIFY', workingDays: 2, maxExtensionWorkingDays: 0, citation: name }),
      ),
      beyond,
    );
    await assert.rejects(
      t.db.transaction((tx) =>
        saveDeadlinePolicy(tx, dpo, { code: 'RECTIFY', workingDays: 1, maxExtensionWorkingDays: 3, citation: name }),
      ),
      beyond,
    );
    // ACCESS: three working days from Rules 395/НҚ p.16, kept as data with its source.
    const [statute] = await t.db.select().from(statutoryDeadlines).where(eq(statutoryDeadlines.code, 'ACCESS'));
    assert.equal(statute?.workingDays, 3);
    assert.equal(statute?.source, 'Rules 395/НҚ p.16');
    await assert.rejects(
      t.db.transaction((tx) =>
        saveDeadlinePolicy(tx, dpo, { code: 'ACCESS', workingDays: 4, maxExtensionWorkingDays: 0, citation: name }),
      ),
      beyond,
    );
    // The database holds the same line against a direct write.
    await assert.rejects(
      t.db.update(deadlinePolicies).set({ workingDays: 20 }).where(eq(deadlinePolicies.code, 'WITHDRAW')),
      (error: Error) => /exceeds the statutory deadline/.test(String(error.cause)),
    );
    // Shortening stays the operator's choice.
    await t.db.transaction((tx) =>
      saveDeadlinePolicy(tx, dpo, { code: 'WITHDRAW', workingDays: 10, maxExtensionWorkingDays: 0, citation: name }),
    );
    const [withdraw] = await t.db.select().from(deadlinePolicies).where(eq(deadlinePolicies.code, 'WITHDRAW'));
    assert.equal(withdraw?.workingDays, 10);
  });
});
