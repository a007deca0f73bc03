import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rateLimits } from '@/db/schema/limits';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { hitLimit, hitLimits, pruneLimits, type Limit } from './rate-limit';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.drop());

const three: Limit = { name: 'test:three', hits: 3, windowSeconds: 60 };

describe('[LIMITS] abuse limits hold across instances because PostgreSQL counts them', () => {
  test('[LIMITS] the hit past the limit is refused, with the seconds until the window ends', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitLimit(t.db, three, 'someone@example.kz'));
    assert.deepEqual(
      results.map((r) => r.allowed),
      [true, true, true, false],
    );
    assert.ok(results[3]!.retryAfterSeconds > 0 && results[3]!.retryAfterSeconds <= 60);
    assert.equal((await hitLimit(t.db, three, 'other@example.kz')).allowed, true, 'each address has its own count');
  });

  test('[LIMITS] concurrent hits are counted exactly: 20 at once against a limit of 3 let 3 through', async () => {
    const concurrent: Limit = { name: 'test:concurrent', hits: 3, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 20 }, () => hitLimit(t.db, concurrent, 'race')));
    assert.equal(results.filter((r) => r.allowed).length, 3);
  });

  test('[LIMITS] a new window starts afresh, and old windows are pruned', async () => {
    const short: Limit = { name: 'test:short', hits: 1, windowSeconds: 60 };
    await hitLimit(t.db, short, 'x');
    assert.equal((await hitLimit(t.db, short, 'x')).allowed, false);
    await t.db.execute(sql`update rate_limits set window_start = now() - interval '2 days'`);
    assert.equal((await hitLimit(t.db, short, 'x')).allowed, true);
    await t.db.execute(sql`update rate_limits set window_start = now() - interval '2 days'`);
    assert.ok((await pruneLimits(t.db)) > 0);
    assert.equal((await t.db.select().from(rateLimits)).length, 0);
  });

  test('[LIMITS] nothing limited is stored in clear: keys are hashes', async () => {
    await hitLimits(t.db, [[three, '203.0.113.5']]);
    const rows = await t.db.select().from(rateLimits);
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key)));
  });
});
