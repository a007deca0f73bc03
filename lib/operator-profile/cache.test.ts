import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { operatorProfile } from '@/db/schema/operator';
import { eventually } from '@/lib/cache/testing';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { createOperatorProfileCache, operatorProfileChanged } from './cache';
import { saveOperatorProfile } from './save';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(() => t.drop());

test("[OPERATOR] the operator's profile is kept between requests, and a change reaches every server process", async () => {
  // Two caches on their own connections: two server processes.
  const first = createOperatorProfileCache(t.db, { ttlMs: 60_000 });
  const second = createOperatorProfileCache(t.db, { ttlMs: 60_000 });
  try {
    await Promise.all([first.ready, second.ready]);
    const before = (await first.get())!;
    assert.equal((await second.get())?.bin, before.bin);
    // Kept: the same answer without reading again.
    assert.equal(first.get(), first.get());

    // The admin saves in one process: the other drops its copy when the change commits.
    const [admin] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'));
    const renamed = { ...before.name, en: `${before.name.en} (renamed)` };
    await t.db.transaction((tx) =>
      saveOperatorProfile(
        tx,
        { id: admin!.id, role: 'admin' },
        { ...before, website: before.website ?? '', name: renamed },
      ),
    );
    await eventually(async () => (await second.get())?.name.en === renamed.en, 'the other process saw the save');
    await eventually(async () => (await first.get())?.name.en === renamed.en, 'the saving process saw the save');

    // A direct write (a script, a test) is seen once it announces itself.
    await t.db.update(operatorProfile).set({ showSystemNamesToSubjects: !before.showSystemNamesToSubjects });
    assert.equal((await first.get())?.showSystemNamesToSubjects, before.showSystemNamesToSubjects, 'still the copy');
    await operatorProfileChanged(t.db);
    await eventually(
      async () => (await first.get())?.showSystemNamesToSubjects === !before.showSystemNamesToSubjects,
      'the announced write was seen',
    );
    // The writer's own process drops its copy at once.
    await t.db.update(operatorProfile).set({ showSystemNamesToSubjects: before.showSystemNamesToSubjects });
    second.invalidate();
    assert.equal((await second.get())?.showSystemNamesToSubjects, before.showSystemNamesToSubjects);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test('[OPERATOR] without notifications, a copy is kept no longer than its time to live', async () => {
  let clock = 1_000_000;
  const cache = createOperatorProfileCache(t.db, { ttlMs: 2_000, listeningTtlMs: 2_000, now: () => clock });
  try {
    await cache.ready;
    const bin = (await cache.get())!.bin;
    await t.db.update(operatorProfile).set({ phone: '+7 727 000 00 01' });
    clock += 1_000;
    assert.notEqual((await cache.get())?.phone, '+7 727 000 00 01', 'within its time to live');
    clock += 1_500;
    assert.equal((await cache.get())?.phone, '+7 727 000 00 01', 'after it');
    assert.equal((await cache.get())?.bin, bin);
  } finally {
    await cache.close();
  }
});
