import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { closeDb } from '@/db';
import { auditEvents } from '@/db/schema/audit';
import { apiIdempotencyKeys, apiTokens } from '@/db/schema/integrations';
import { domainEvents } from '@/db/schema/events';
import { dataItems, locales, subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { listSubjectActivity } from '@/db/queries/activity';
import { describeActivity } from '@/lib/activity/describe';
import { listActivityFeed } from '@/lib/activity/feed';
import { sweepIdempotencyKeys } from '@/lib/api/idempotency';
import { revokeApiToken } from '@/lib/api/tokens';
import { systemActor } from '@/lib/audit/record';
import { PROBLEM_BASE } from '@/lib/api/problems';
import { call, externalId, makeToken, newIin } from '@/lib/api/testing';
import { applyEnv } from '@/lib/env';
import { translatorFor } from '@/lib/i18n/translator';
import { POST as batch } from './items:batch/route';
import { PUT as putItem } from './subjects/[externalId]/items/[categoryCode]/route';
import { PUT as putSubject } from './subjects/[externalId]/route';
import { POST as postTransfer } from './transfers/route';

/**
 * [API] Issue 13, point 1: a system pushes subjects and what it holds about them, with the import's
 * rules (lib/import): matched, never merged on a guess; a destroyed item is never written again
 * (Art. 1(6)), a blocked one never changed (Art. 1(3)); every change shows in the subject's
 * activity as done by the operator's system, named by its token (Art. 8-2).
 */
let t: TestDatabase;
let token: string;
let tokenName: string;
before(async () => {
  t = await createSeededTestDatabase();
  applyEnv({ DATABASE_URL: t.url });
  const made = await makeToken(t.db, ['subjects:write', 'transfers:write']);
  [token, tokenName] = [made.token, made.name];
});
after(async () => {
  await closeDb();
  await t.drop();
});

const subjectCall = (id: string, body: unknown, key?: string) =>
  call(putSubject, 'PUT', `/subjects/${id}`, { token, body, key, params: { externalId: id } });
const itemCall = (id: string, category: string, body: unknown, key?: string) =>
  call(putItem, 'PUT', `/subjects/${id}/items/${category}`, {
    token,
    body,
    key,
    params: { externalId: id, categoryCode: category },
  });
const findSubject = async (id: string) => (await t.db.select().from(subjects).where(eq(subjects.externalId, id)))[0]!;
const item = { value: 'Бакалавр, ҚазҰУ, 2020', source: 'subject', method: 'manual' };

describe('[API] subjects', () => {
  test('[API] Art. 8-2: PUT creates (201), updates what it gives (200) and is a no-op when nothing changes', async () => {
    const id = externalId();
    const iin = newIin();
    const created = await subjectCall(id, { fullName: 'Айгерім Сапарова', iin, language: 'ru' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, { externalId: id, outcome: 'created', changed: [] });
    const updated = await subjectCall(id, { phone: '+7 701 555 11 22' });
    assert.deepEqual([updated.status, updated.body.outcome, updated.body.changed], [200, 'updated', ['phone']]);
    const same = await subjectCall(id, { fullName: 'Айгерім Сапарова' });
    assert.deepEqual([same.status, same.body.outcome], [200, 'unchanged']);
    const subject = await findSubject(id);
    // Left out, the language stays as it was given.
    assert.deepEqual([subject.iin, subject.locale, subject.phone], [iin, 'ru', '+7 701 555 11 22']);
    const activity = await listSubjectActivity(t.db, subject.id);
    assert.deepEqual(
      activity.map((e) => [e.action, e.actorRole]),
      [
        ['data_changed', 'api'],
        ['data_supplemented', 'api'],
      ],
    );
  });

  test('[API] a bad IIN (check digit) or e-mail is 422 validation, naming each field', async () => {
    const iin = newIin();
    const wrong = `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`;
    const answer = await subjectCall(externalId(), { iin: wrong, email: 'not an address' });
    assert.equal(answer.status, 422);
    assert.equal(answer.body.type, `${PROBLEM_BASE}validation`);
    const errors = answer.body.errors as { field: string; code: string; detail: string }[];
    assert.deepEqual(errors.map((e) => [e.field, e.code]).sort(), [
      ['email', 'email'],
      ['iin', 'iin'],
    ]);
    assert.match(errors.find((e) => e.field === 'iin')!.detail, /check digit/);
  });

  test('[API] an IIN of another subject is 409 conflict with the reason, and nothing changes', async () => {
    const first = externalId();
    const iin = newIin();
    await subjectCall(first, { iin });
    const answer = await subjectCall(externalId(), { iin, fullName: 'Someone Else' });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.type, `${PROBLEM_BASE}conflict`);
    // Found by the IIN, the person has another external id: not merged on a guess.
    assert.equal(answer.body.reason, 'externalIdDiffers');
  });
});

describe('[API] items', () => {
  test('[API] Art. 8-2: an item written is supplemented, then updated, from the system, by the token, in kk/ru/en', async () => {
    const id = externalId();
    await subjectCall(id, { fullName: 'Items Test' });
    const created = await itemCall(id, 'education', item);
    assert.equal(created.status, 201);
    assert.equal(created.body.outcome, 'created');
    const updated = await itemCall(id, 'education', { ...item, value: 'Магистр, ҚазҰУ, 2022' });
    assert.deepEqual(
      [updated.status, updated.body.outcome, updated.body.itemId],
      [200, 'updated', created.body.itemId],
    );
    const again = await itemCall(id, 'education', { ...item, value: 'Магистр, ҚазҰУ, 2022' });
    assert.equal(again.body.outcome, 'unchanged');
    const subject = await findSubject(id);
    // As the subject's activity page reads it (lib/activity/feed.ts): with the category it concerns.
    const [latest] = await listActivityFeed(t.db, subject.id);
    assert.equal(latest!.actorRole, 'api');
    assert.equal((latest!.details as { apiToken: string }).apiToken, tokenName);
    const [kk, ru, en] = locales.map((l) => describeActivity(translatorFor(l), latest!, l));
    const words = { kk: kk!, ru: ru!, en: en! };
    assert.deepEqual(words.en, {
      action: 'Your data was updated from Learner CRM',
      actor: `an operator's system (${tokenName})`,
      data: 'Data: Education and qualification',
    });
    assert.equal(words.ru.actor, `система оператора (${tokenName})`);
    assert.equal(words.kk.actor, `оператордың жүйесі (${tokenName})`);
    assert.match(words.kk.action, /Оқушылар CRM жүйесі/);
  });

  test('[API] Art. 1(6): a value for a destroyed item is 409 destroyed-item; Art. 1(3): a blocked one 409 blocked-item', async () => {
    const id = externalId();
    await subjectCall(id, {});
    const phone = await itemCall(id, 'phone', { ...item, value: '+7 701 000 00 01' });
    const email = await itemCall(id, 'email', { ...item, value: 'blocked@example.kz' });
    const now = new Date();
    await t.db
      .update(dataItems)
      .set({ state: 'destroyed', value: null, destroyedAt: now })
      .where(eq(dataItems.id, phone.body.itemId as string));
    await t.db
      .update(dataItems)
      .set({ state: 'blocked', blockedAt: now })
      .where(eq(dataItems.id, email.body.itemId as string));
    const destroyed = await itemCall(id, 'phone', { ...item, value: '+7 701 000 00 02' });
    assert.deepEqual([destroyed.status, destroyed.body.type], [409, `${PROBLEM_BASE}destroyed-item`]);
    const blocked = await itemCall(id, 'email', { ...item, value: 'changed@example.kz' });
    assert.deepEqual([blocked.status, blocked.body.type], [409, `${PROBLEM_BASE}blocked-item`]);
    const [phoneRow] = await t.db
      .select()
      .from(dataItems)
      .where(eq(dataItems.id, phone.body.itemId as string));
    assert.deepEqual([phoneRow!.state, phoneRow!.value], ['destroyed', null]);
  });

  test('[API] an unknown category, one the system does not hold, an unknown subject: each its own problem', async () => {
    const id = externalId();
    await subjectCall(id, {});
    const unknown = await itemCall(id, 'shoe_size', item);
    assert.deepEqual([unknown.status, unknown.body.type], [422, `${PROBLEM_BASE}unknown-category`]);
    // The demo's CRM does not hold the employer (the HR system does).
    const notHeld = await itemCall(id, 'employer', item);
    assert.deepEqual([notHeld.status, notHeld.body.type], [422, `${PROBLEM_BASE}category-not-in-system`]);
    const nobody = await itemCall(externalId(), 'education', item);
    assert.deepEqual([nobody.status, nobody.body.type], [404, `${PROBLEM_BASE}not-found`]);
    const badDate = await itemCall(id, 'education', { ...item, collectedAt: '2024-02-31' });
    assert.equal(badDate.status, 422);
    assert.equal((badDate.body.errors as { field: string }[])[0]!.field, 'collectedAt');
  });
});

describe('[API] items, one a call, many at once (group commit)', () => {
  test('[API] Art. 8-2: concurrent PUTs share transactions, yet each is answered and audited on its own, as its token', async () => {
    const tokens = [await makeToken(t.db, ['subjects:write']), await makeToken(t.db, ['subjects:write'])];
    const ids = Array.from({ length: 40 }, () => externalId());
    for (const id of ids) await subjectCall(id, {});
    const nobody = externalId();
    const answers = await Promise.all([
      ...ids.map((id, i) =>
        call(putItem, 'PUT', `/subjects/${id}/items/education`, {
          token: tokens[i % 2]!.token,
          body: { ...item, value: `Бакалавр ${i}` },
          params: { externalId: id, categoryCode: 'education' },
        }),
      ),
      itemCall(nobody, 'education', item),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [...ids.map(() => 201), 404],
    );
    const subjectIds = await Promise.all(ids.map(async (id) => (await findSubject(id)).id));
    const events = await t.db
      .select({ subjectId: auditEvents.subjectId, actorId: auditEvents.actorId, at: auditEvents.at })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'data_supplemented'),
          inArray(auditEvents.subjectId, subjectIds),
          sql`${auditEvents.details} -> 'items' is not null`,
        ),
      );
    // One event a subject, each by the token that wrote it.
    assert.equal(events.length, ids.length);
    for (const [i, subjectId] of subjectIds.entries()) {
      const event = events.find((e) => e.subjectId === subjectId)!;
      assert.equal(event.actorId, tokens[i % 2]!.id);
    }
    // Written together: a transaction's events share its start time, so far fewer times than calls.
    assert.ok(new Set(events.map((e) => e.at.getTime())).size < ids.length / 2);
  });

  test('[API] a token revoked or expired a moment after its last call writes nothing more: 401, checked again in the group', async () => {
    const revoked = await makeToken(t.db, ['subjects:write']);
    const expired = await makeToken(t.db, ['subjects:write']);
    const ids = [externalId(), externalId()];
    for (const id of ids) await subjectCall(id, {});
    const put = (id: string, who: { token: string }, value: string) =>
      call(putItem, 'PUT', `/subjects/${id}/items/education`, {
        token: who.token,
        body: { ...item, value },
        params: { externalId: id, categoryCode: 'education' },
      });
    // Both tokens are known to the server from a call a moment ago…
    assert.deepEqual(
      (await Promise.all([put(ids[0]!, revoked, 'first'), put(ids[1]!, expired, 'first')])).map((a) => a.status),
      [201, 201],
    );
    await t.db.transaction((tx) => revokeApiToken(tx, { name: revoked.name }, systemActor));
    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, expired.id));
    // …and refused the moment after, with the reason, the value held unchanged.
    const [a, b] = await Promise.all([put(ids[0]!, revoked, 'second'), put(ids[1]!, expired, 'second')]);
    assert.deepEqual(
      [a.status, a.body.detail, b.status, b.body.detail],
      [401, 'The token was revoked.', 401, 'The token has expired.'],
    );
    const held = await t.db
      .select({ value: dataItems.value })
      .from(dataItems)
      .innerJoin(subjects, eq(subjects.id, dataItems.subjectId))
      .where(inArray(subjects.externalId, ids));
    assert.deepEqual(
      held.map((h) => h.value),
      ['first', 'first'],
    );
  });

  test('[API] the same item twice at once: both apply, one after the other; the later value stays', async () => {
    const id = externalId();
    await subjectCall(id, {});
    const answers = await Promise.all(
      ['first', 'second'].map((value) => itemCall(id, 'education', { ...item, value })),
    );
    // Which arrives first is the network's affair; the other is applied after it, never lost.
    const created = answers.findIndex((a) => a.status === 201);
    const updated = answers.findIndex((a) => a.status === 200);
    assert.deepEqual([created, updated].sort(), [0, 1]);
    assert.equal(answers[updated]!.body.outcome, 'updated');
    const [held] = await t.db
      .select({ value: dataItems.value })
      .from(dataItems)
      .where(eq(dataItems.id, answers[0]!.body.itemId as string));
    assert.equal(held!.value, ['first', 'second'][updated]);
  });

  test('[API] a portal failure on one call of a group fails that call only (500); the others are written', async () => {
    const ids = Array.from({ length: 6 }, () => externalId());
    for (const id of ids) await subjectCall(id, {});
    await t.db.execute(sql`
      create function api_test_fail() returns trigger language plpgsql as $$
      begin if new.value = 'boom' then raise exception 'test fault'; end if; return new; end $$;
      create trigger api_test_fail before insert on data_items for each row execute function api_test_fail()`);
    try {
      const answers = await Promise.all(
        ids.map((id, i) => itemCall(id, 'education', { ...item, value: i === 3 ? 'boom' : `ok ${i}` })),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        [201, 201, 201, 500, 201, 201],
      );
      const held = await t.db
        .select({ n: count() })
        .from(dataItems)
        .innerJoin(subjects, eq(subjects.id, dataItems.subjectId))
        .where(inArray(subjects.externalId, ids));
      assert.equal(held[0]!.n, 5);
    } finally {
      await t.db.execute(sql`drop trigger api_test_fail on data_items; drop function api_test_fail()`);
    }
  });
});

describe('[API] Idempotency-Key', () => {
  test('[API] the same key and body gives the first answer again and writes once; another body is 422 idempotency-conflict', async () => {
    const id = externalId();
    await subjectCall(id, {});
    const key = randomUUID();
    const events = async () =>
      (
        await t.db
          .select({ n: count() })
          .from(auditEvents)
          .where(eq(auditEvents.subjectId, (await findSubject(id)).id))
      )[0]!.n;
    const first = await itemCall(id, 'education', item, key);
    const before = await events();
    const replay = await itemCall(
      id,
      'education',
      { method: item.method, source: item.source, value: item.value },
      key,
    );
    assert.equal(replay.status, first.status);
    assert.deepEqual(replay.body, first.body);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(await events(), before);
    const conflict = await itemCall(id, 'education', { ...item, value: 'Another value' }, key);
    assert.deepEqual([conflict.status, conflict.body.type], [422, `${PROBLEM_BASE}idempotency-conflict`]);
    // Another path with the same key is another request too.
    const elsewhere = await itemCall(id, 'full_name', item, key);
    assert.equal(elsewhere.body.type, `${PROBLEM_BASE}idempotency-conflict`);
  });

  test('[API] a refused write keeps no key: the retry runs again', async () => {
    const key = randomUUID();
    const nobody = externalId();
    assert.equal((await itemCall(nobody, 'education', item, key)).status, 404);
    await subjectCall(nobody, {});
    assert.equal((await itemCall(nobody, 'education', item, key)).status, 201);
  });

  test('[API] two retries at once write once and answer the same', async () => {
    const id = externalId();
    const key = randomUUID();
    const [a, b] = await Promise.all([
      subjectCall(id, { fullName: 'Twice' }, key),
      subjectCall(id, { fullName: 'Twice' }, key),
    ]);
    assert.deepEqual([a.status, b.status], [201, 201]);
    assert.deepEqual(a.body, b.body);
    const rows = await t.db.select({ n: count() }).from(subjects).where(eq(subjects.externalId, id));
    assert.equal(rows[0]!.n, 1);
  });

  test('[API] keys older than a day are swept', async () => {
    const id = externalId();
    await subjectCall(id, {}, 'old-key');
    await t.db
      .update(apiIdempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 25 * 3_600_000) })
      .where(eq(apiIdempotencyKeys.key, 'old-key'));
    assert.ok((await sweepIdempotencyKeys(t.db)) >= 1);
    const left = await t.db.select().from(apiIdempotencyKeys).where(eq(apiIdempotencyKeys.key, 'old-key'));
    assert.equal(left.length, 0);
  });
});

describe('[API] items:batch', () => {
  test('[API] a batch writes in one transaction with a result for each item, in order', async () => {
    const [a, b] = [externalId(), externalId()];
    await subjectCall(a, {});
    await subjectCall(b, {});
    const answer = await call(batch, 'POST', '/items:batch', {
      token,
      body: {
        items: [
          { externalId: a, categoryCode: 'education', ...item },
          { externalId: b, categoryCode: 'phone', ...item, value: '+7 701 222 33 44' },
          { externalId: 'NOBODY-1', categoryCode: 'phone', ...item },
          { externalId: a, categoryCode: 'shoe_size', ...item },
          { externalId: a, categoryCode: 'education', ...item, value: 'again' },
        ],
      },
    });
    assert.equal(answer.status, 200);
    const results = answer.body.results as { index: number; status: number; problem?: { type: string } }[];
    assert.deepEqual(
      results.map((r) => [r.index, r.status, r.problem?.type.replace(PROBLEM_BASE, '')]),
      [
        [0, 201, undefined],
        [1, 201, undefined],
        [2, 404, 'not-found'],
        [3, 422, 'unknown-category'],
        [4, 422, 'duplicate-item'],
      ],
    );
    assert.deepEqual(answer.body.counts, { created: 2, updated: 0, unchanged: 0, refused: 3 });
  });

  test('[API] a failure of the portal in a batch writes none of it', async () => {
    const id = externalId();
    await subjectCall(id, {});
    // A fault on the third item, as a full disk or a lost connection would be.
    await t.db.execute(sql`
      create function api_test_fail() returns trigger language plpgsql as $$
      begin if new.value = 'boom' then raise exception 'test fault'; end if; return new; end $$;
      create trigger api_test_fail before insert on data_items for each row execute function api_test_fail()`);
    try {
      const answer = await call(batch, 'POST', '/items:batch', {
        token,
        body: {
          items: [
            { externalId: id, categoryCode: 'education', ...item },
            { externalId: id, categoryCode: 'phone', ...item, value: '+7 701 999 99 99' },
            { externalId: id, categoryCode: 'email', ...item, value: 'boom' },
          ],
        },
      });
      assert.deepEqual([answer.status, answer.body.type], [500, `${PROBLEM_BASE}internal`]);
      const held = await t.db
        .select({ n: count() })
        .from(dataItems)
        .where(and(eq(dataItems.subjectId, (await findSubject(id)).id)));
      assert.equal(held[0]!.n, 0);
    } finally {
      await t.db.execute(sql`drop trigger api_test_fail on data_items; drop function api_test_fail()`);
    }
  });

  test('[API] more than 1,000 items is refused whole (422)', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({ externalId: `X-${i}`, categoryCode: 'email', ...item }));
    const answer = await call(batch, 'POST', '/items:batch', { token, body: { items } });
    assert.deepEqual([answer.status, answer.body.type], [422, `${PROBLEM_BASE}validation`]);
  });
});

describe('[API] transfers', () => {
  test('[API] Art. 19: a transfer is recorded as staff record one, by the token, and its event follows', async () => {
    const id = externalId();
    await subjectCall(id, { fullName: 'Transfer Test' });
    await itemCall(id, 'email', { ...item, value: 'transfer@example.kz' });
    const answer = await call(postTransfer, 'POST', '/transfers', {
      token,
      body: {
        externalId: id,
        recipientCode: 'smart_pay',
        transferredAt: new Date(Date.now() - 60_000).toISOString(),
        basis: 'Contract payment',
        categoryCodes: ['email'],
      },
    });
    assert.equal(answer.status, 201);
    assert.equal(answer.body.items, 1);
    const subject = await findSubject(id);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, subject.id), eq(auditEvents.action, 'data_transferred')));
    assert.equal(event!.actorRole, 'api');
    assert.equal((event!.details as { apiToken: string }).apiToken, tokenName);
    const recorded = await t.db
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.type, 'transfer.recorded'), eq(domainEvents.subjectId, subject.id)));
    assert.equal(recorded.length, 1);
  });

  test('[API] Art. 1(3): blocked data cannot be transferred (409 blocked-item); an unknown recipient is 422', async () => {
    const id = externalId();
    await subjectCall(id, {});
    const email = await itemCall(id, 'email', { ...item, value: 'blocked-transfer@example.kz' });
    await t.db
      .update(dataItems)
      .set({ state: 'blocked', blockedAt: new Date() })
      .where(eq(dataItems.id, email.body.itemId as string));
    const body = {
      externalId: id,
      recipientCode: 'smart_pay',
      transferredAt: new Date().toISOString(),
      basis: 'Contract payment',
      categoryCodes: ['email'],
    };
    const blocked = await call(postTransfer, 'POST', '/transfers', { token, body });
    assert.deepEqual([blocked.status, blocked.body.type], [409, `${PROBLEM_BASE}blocked-item`]);
    const unknown = await call(postTransfer, 'POST', '/transfers', {
      token,
      body: { ...body, recipientCode: 'nobody' },
    });
    assert.deepEqual([unknown.status, unknown.body.type], [422, `${PROBLEM_BASE}unknown-recipient`]);
  });
});
