import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rateLimits } from '@/db/schema/limits';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { translatorFor } from '@/lib/i18n/translator';
import { hitLimit, hitLimitEach, hitLimits, pruneLimits, retryWhen, type Limit } from './rate-limit';

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

  test('[LIMITS] a group of API calls counted at once: the ones that fit pass, the rest are refused', async () => {
    const first = await hitLimit(t.db, three, 'group', 2);
    assert.deepEqual([first.allowed, first.allowedOf], [true, 2]);
    const second = await hitLimit(t.db, three, 'group', 3);
    // One more fits the limit of three; the other two of this group are refused.
    assert.deepEqual([second.allowed, second.allowedOf], [false, 1]);
    const third = await hitLimit(t.db, three, 'group', 1);
    assert.deepEqual([third.allowed, third.allowedOf], [false, 0]);
  });

  test('[LIMITS] groups of several tokens counted in one statement: each token against its own count', async () => {
    await hitLimit(t.db, three, 'token-a', 2);
    const verdicts = await hitLimitEach(
      t.db,
      three,
      new Map([
        ['token-a', 2],
        ['token-b', 3],
        ['token-c', 4],
      ]),
    );
    assert.deepEqual(
      ['token-a', 'token-b', 'token-c'].map((who) => [verdicts.get(who)!.allowed, verdicts.get(who)!.allowedOf]),
      [
        [false, 1],
        [true, 3],
        [false, 3],
      ],
    );
    // Two such groups at once, their keys in opposite orders, both counted in full (no deadlock).
    const both = await Promise.all(
      [
        ['x', 'y'],
        ['y', 'x'],
      ].map((order) => hitLimitEach(t.db, three, new Map(order.map((who) => [who, 1])))),
    );
    assert.equal(both.flatMap((m) => [...m.values()]).filter((v) => v.allowed).length, 4);
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

  test('[LIMITS] a refusal knows when its window ends: the instant the database will let the next hit through', async () => {
    const one: Limit = { name: 'test:when', hits: 1, windowSeconds: 15 * 60 };
    const before = Date.now();
    await hitLimit(t.db, one, 'when');
    const refused = await hitLimit(t.db, one, 'when');
    assert.equal(refused.allowed, false);
    const ends = refused.retryAt.getTime();
    assert.ok(ends >= before + 15 * 60_000 - 1000 && ends <= Date.now() + 15 * 60_000 + 1000, String(refused.retryAt));
  });
});

describe('[LIMITS] a person refused by a limit is told when to try again, in their language (issue 14, point 13)', () => {
  // 09:23:30 UTC is 14:23:30 in Almaty (UTC+5); a window ending at 09:34:10 UTC opens at 14:34:10.
  const now = new Date('2026-12-01T09:23:30Z');
  const verdict = { allowed: false, retryAfterSeconds: 640, retryAt: new Date('2026-12-01T09:34:10Z') };

  test('[LIMITS] the time is Kazakhstan time, rounded up to the minute, with the whole minutes until then', () => {
    // 14:34:10 shown as 14:34 would send the person back ten seconds too early.
    assert.deepEqual(retryWhen(verdict, 'kk', now), { time: '14:35', minutes: 12 });
    assert.deepEqual(retryWhen(verdict, 'en', now), { time: '14:35', minutes: 12 });
    // A 24-hour clock in every language, past midnight too.
    const late = { ...verdict, retryAt: new Date('2026-12-01T19:04:01Z') };
    assert.deepEqual(retryWhen(late, 'ru', new Date('2026-12-01T18:50:00Z')), { time: '00:05', minutes: 15 });
    // Never "in 0 minutes".
    const now2 = new Date('2026-12-01T09:34:00Z');
    assert.equal(retryWhen({ ...verdict, retryAt: new Date('2026-12-01T09:34:00Z') }, 'en', now2).minutes, 1);
  });

  test('[LIMITS] sign-in, second factor and forms say it in kk, ru and en, with Russian plurals', () => {
    const values = retryWhen(verdict, 'kk', now);
    const say = (
      locale: 'kk' | 'ru' | 'en',
      key: 'signIn.errors.limited' | 'secondFactor.errors.limited' | 'errors.tooOften',
      minutes = values.minutes,
    ) => translatorFor(locale)(key, { ...values, minutes });
    assert.equal(
      say('kk', 'secondFactor.errors.limited'),
      'Тым көп талпыныс жасалды. Қайталап көруге болатын уақыт: 14:35 (12 минуттан кейін).',
    );
    assert.equal(
      say('ru', 'secondFactor.errors.limited'),
      'Слишком много попыток. Попробовать снова можно в 14:35 (через 12 минут).',
    );
    assert.equal(
      say('en', 'secondFactor.errors.limited'),
      'Too many attempts. You can try again at 14:35 (in 12 minutes).',
    );
    assert.match(say('ru', 'signIn.errors.limited', 1), /можно в 14:35 \(через 1 минуту\)\.$/);
    assert.match(say('ru', 'errors.tooOften', 3), /можно в 14:35 \(через 3 минуты\)\.$/);
    assert.match(say('ru', 'errors.tooOften', 21), /через 21 минуту\)/);
    assert.match(say('kk', 'signIn.errors.limited'), /Қайталап көруге болатын уақыт: 14:35 \(12 минуттан кейін\)\.$/);
    assert.match(say('en', 'errors.tooOften', 1), /at 14:35 \(in 1 minute\)\.$/);
  });
});
