import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { closeDb } from '@/db';
import { apiTokens } from '@/db/schema/integrations';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { systemActor } from '@/lib/audit/record';
import { PROBLEM_BASE } from '@/lib/api/problems';
import { revokeApiToken } from '@/lib/api/tokens';
import { call, externalId, makeToken, type Handler } from '@/lib/api/testing';
import { applyEnv } from '@/lib/env';
import { limits } from '@/lib/rate-limit';
import { GET as listRequests } from './requests/route';
import { PUT as putSubject } from './subjects/[externalId]/route';

/**
 * [API] Issue 13, point 2: a system calls with its bearer token, looked up by its SHA-256; a
 * missing, unknown, revoked or expired token, a token without the operation's scope, and a token
 * over its rate limit are each refused with their own RFC 9457 problem type.
 */
let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
  applyEnv({ DATABASE_URL: t.url });
});
after(async () => {
  await closeDb();
  await t.drop();
});

const subject = (handler: Handler, token?: string) =>
  call(handler, 'PUT', '/subjects/x', { token, body: { fullName: 'Auth Test' }, params: { externalId: externalId() } });

describe('[API] tokens, scopes and limits', () => {
  test('[API] Art. 8-2: no token, an unknown one or a malformed one is 401 unauthorized, as problem+json', async () => {
    for (const token of [undefined, 'dbs_' + 'x'.repeat(43), 'not-a-token']) {
      const answer = await subject(putSubject, token);
      assert.equal(answer.status, 401);
      assert.equal(answer.headers.get('content-type'), 'application/problem+json');
      assert.equal(answer.body.type, `${PROBLEM_BASE}unauthorized`);
      assert.equal(answer.body.status, 401);
      assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
  });

  test('[API] a revoked token and an expired token are refused with the reason', async () => {
    const revoked = await makeToken(t.db, ['subjects:write']);
    await t.db.transaction((tx) => revokeApiToken(tx, { name: revoked.name }, systemActor));
    const expired = await makeToken(t.db, ['subjects:write']);
    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, expired.id));
    const a = await subject(putSubject, revoked.token);
    const b = await subject(putSubject, expired.token);
    assert.deepEqual(
      [a.status, a.body.type, a.body.detail],
      [401, `${PROBLEM_BASE}unauthorized`, 'The token was revoked.'],
    );
    assert.deepEqual(
      [b.status, b.body.type, b.body.detail],
      [401, `${PROBLEM_BASE}unauthorized`, 'The token has expired.'],
    );
  });

  test('[API] the token is stored as its SHA-256 only, with a 12-character prefix', async () => {
    const made = await makeToken(t.db, ['requests:read']);
    assert.match(made.token, /^dbs_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, made.id));
    assert.equal(row!.tokenHash, createHash('sha256').update(made.token).digest('hex'));
    assert.equal(row!.prefix, made.token.slice(0, 12));
    assert.ok(!JSON.stringify(row).includes(made.token.slice(12)));
  });

  test('[API] a token without the scope is 403 forbidden-scope, naming the scope missing', async () => {
    const reader = await makeToken(t.db, ['requests:read']);
    const answer = await subject(putSubject, reader.token);
    assert.equal(answer.status, 403);
    assert.equal(answer.body.type, `${PROBLEM_BASE}forbidden-scope`);
    assert.equal(answer.body.scope, 'subjects:write');
    assert.equal((await call(listRequests, 'GET', '/requests', { token: reader.token })).status, 200);
  });

  test('[API] over its limit a token is 429 rate-limited with Retry-After; another token goes on', async () => {
    const busy = await makeToken(t.db, ['requests:read']);
    const other = await makeToken(t.db, ['requests:read']);
    assert.equal((await call(listRequests, 'GET', '/requests', { token: busy.token })).status, 200);
    // The window as if the token had already made its calls for the minute.
    const key = createHash('sha256').update(`${limits.apiPerToken.name}\u0000${busy.id}`).digest('hex');
    await t.db.execute(sql`update rate_limits set hits = ${limits.apiPerToken.hits} where key = ${key}`);
    const refused = await call(listRequests, 'GET', '/requests', { token: busy.token });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.type, `${PROBLEM_BASE}rate-limited`);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal((await call(listRequests, 'GET', '/requests', { token: other.token })).status, 200);
  });

  test('[API] last use is written on the first call, then at most once a minute', async () => {
    const made = await makeToken(t.db, ['requests:read']);
    const lastUsed = async () =>
      (await t.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, made.id)))[0]!.at;
    assert.equal(await lastUsed(), null);
    await call(listRequests, 'GET', '/requests', { token: made.token });
    const first = await lastUsed();
    assert.ok(first);
    await call(listRequests, 'GET', '/requests', { token: made.token });
    assert.equal((await lastUsed())!.getTime(), first.getTime());
    await t.db
      .update(apiTokens)
      .set({ lastUsedAt: new Date(Date.now() - 61_000) })
      .where(eq(apiTokens.id, made.id));
    await call(listRequests, 'GET', '/requests', { token: made.token });
    assert.ok((await lastUsed())!.getTime() > Date.now() - 10_000);
  });

  test('[API] a body that is not JSON is 400 malformed; one too large is 413; unknown fields are 422 validation', async () => {
    const writer = await makeToken(t.db, ['subjects:write']);
    const params = { externalId: externalId() };
    const malformed = await call(putSubject, 'PUT', '/subjects/x', {
      token: writer.token,
      raw: '{"fullName":',
      params,
    });
    assert.deepEqual([malformed.status, malformed.body.type], [400, `${PROBLEM_BASE}malformed`]);
    const large = await call(putSubject, 'PUT', '/subjects/x', {
      token: writer.token,
      raw: JSON.stringify({ fullName: 'x'.repeat(5 * 1024 * 1024) }),
      params,
    });
    assert.deepEqual([large.status, large.body.type], [413, `${PROBLEM_BASE}payload-too-large`]);
    const unknown = await call(putSubject, 'PUT', '/subjects/x', { token: writer.token, body: { nmae: 'A' }, params });
    assert.deepEqual([unknown.status, unknown.body.type], [422, `${PROBLEM_BASE}validation`]);
  });
});
