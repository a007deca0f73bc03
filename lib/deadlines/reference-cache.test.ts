import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { calendarDays, deadlinePolicies } from '@/db/schema/calendar';
import { seedReferenceData } from '@/db/seed/reference';
import { eventually } from '@/lib/cache/testing';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createDeadlineReferenceCache } from './reference-cache';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  await seedReferenceData(t.db);
});
after(() => t.drop());

test('[DEADLINE] the calendar and policies kept by a server process follow any write to them, by whoever makes it', async () => {
  // Two caches on their own connections: two server processes. No writer below announces anything.
  const first = createDeadlineReferenceCache(t.db, { ttlMs: 60_000 });
  const second = createDeadlineReferenceCache(t.db, { ttlMs: 60_000 });
  try {
    await Promise.all([first.ready, second.ready]);
    const before = await first.get();
    assert.equal(first.get(), first.get(), 'kept: the same answer without reading again');
    const days = before.workingDays.get('WITHDRAW')!;
    assert.ok(before.statutes.get('ACCESS'));

    // A direct UPDATE of a policy (a script, a test): both processes see it once it commits.
    await t.db
      .update(deadlinePolicies)
      .set({ workingDays: days - 1 })
      .where(eq(deadlinePolicies.code, 'WITHDRAW'));
    for (const cache of [first, second])
      await eventually(async () => (await cache.get()).workingDays.get('WITHDRAW') === days - 1, 'the policy changed');

    // A day off added and removed: a Wednesday stops being a working day, and is one again.
    const day = '2031-06-11';
    assert.equal((await second.get()).calendar.isWorkingDay(day), true);
    await t.db.insert(calendarDays).values({
      day,
      kind: 'transferred_day_off',
      name: { kk: 'Сынақ', ru: 'Тест', en: 'Test' },
      source: 'test',
    });
    await eventually(async () => !(await second.get()).calendar.isWorkingDay(day), 'the day off was seen');
    await t.db.delete(calendarDays).where(eq(calendarDays.day, day));
    await eventually(async () => (await second.get()).calendar.isWorkingDay(day), 'its removal was seen');
  } finally {
    await t.db
      .update(deadlinePolicies)
      .set({ workingDays: (await first.get()).workingDays.get('WITHDRAW')! + 1 })
      .where(eq(deadlinePolicies.code, 'WITHDRAW'));
    await Promise.all([first.close(), second.close()]);
  }
});

test('[DEADLINE] a filing inside a transaction computes its due time though every pooled connection is taken', async () => {
  // One connection, held by the transaction: a read through the pool would wait for it forever.
  const client = postgres(t.url, { max: 1, onnotice: () => {} });
  const db = drizzle(client, { casing: 'snake_case' });
  const cache = createDeadlineReferenceCache(db);
  try {
    await cache.ready;
    const days = await db.transaction(async (tx) => (await cache.get(tx)).workingDays.get('ACCESS'));
    assert.equal(days, (await cache.get()).workingDays.get('ACCESS'));
  } finally {
    await cache.close();
    await client.end();
  }
});
