import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { ACTIVITY_PAGE, subjectActivityQuery } from '@/db/queries/activity';
import { seedReferenceData } from '@/db/seed/reference';
import { createSubjectWithItems, createTestDatabase, explainPrepared, type TestDatabase } from '@/db/testing';
import { recordAudit, recordAudits, type Actor, type AuditInput } from '@/lib/audit/record';
import { blockItems } from '@/lib/data-items/changes';
import { fileRequest } from '@/lib/requests/file';
import { cancelOwnRequest } from '@/lib/requests/subject-actions';
import { listActivityFeed } from './feed';

let t: TestDatabase;
const subjectActor: Actor = { id: null, role: 'subject' };
const agent: Actor = { id: null, role: 'agent' };

before(async () => {
  t = await createTestDatabase();
  await seedReferenceData(t.db);
});
after(() => t.drop());

const signIns = (subjectId: string, count: number): AuditInput[] =>
  Array.from({ length: count }, () => ({ actor: subjectActor, action: 'signed_in', subjectId, entityType: 'user' }));
const views = (subjectId: string, count: number): AuditInput[] =>
  Array.from({ length: count }, () => ({
    actor: agent,
    action: 'data_viewed',
    subjectId,
    entityType: 'subject',
    entityId: subjectId,
  }));

describe('[ACTIVITY] Art. 8-2: each entry says which data it concerns and under which request', () => {
  test('[ACTIVITY] an entry names the categories of its items, never the values, and links only my own request', async () => {
    const { subject, items } = await createSubjectWithItems(t.db, { categories: ['phone', 'education'] });
    const other = await createSubjectWithItems(t.db, { categories: ['iin'] });
    const phone = items.find((i) => i.value === 'value of phone')!;
    const education = items.find((i) => i.value === 'value of education')!;
    const otherItem = other.items[0]!;

    const mine = await t.db.transaction((tx) =>
      fileRequest(tx, {
        subjectId: subject.id,
        type: 'BLOCK',
        items: [{ dataItemId: phone.id, categoryId: phone.categoryId }],
        notify: false,
      }),
    );
    const theirs = await t.db.transaction((tx) =>
      fileRequest(tx, { subjectId: other.subject.id, type: 'ACCESS', notify: false }),
    );
    await t.db.transaction((tx) => blockItems(tx, subject.id, [phone.id], { staff: agent, reference: mine.reference }));
    await t.db.transaction(async (tx) => {
      // A task's view lists the items shown: one of another subject's among them names nothing.
      await recordAudit(tx, {
        actor: agent,
        action: 'data_viewed',
        subjectId: subject.id,
        entityType: 'execution_task',
        entityId: randomUUID(),
        details: { items: [education.id, otherItem.id, 'not-an-id'] },
      });
      // An event whose reason is another subject's reference links nowhere.
      await recordAudit(tx, {
        actor: agent,
        action: 'data_viewed',
        subjectId: subject.id,
        entityType: 'subject',
        entityId: subject.id,
        reason: theirs.reference,
      });
    });

    const [foreign, task, blocked, filed] = await listActivityFeed(t.db, subject.id);
    assert.equal(filed?.action, 'request_filed');
    assert.deepEqual(
      filed?.categories.map((c) => c.en),
      ['phone'],
    );
    assert.deepEqual(filed?.request, { id: mine.id, reference: mine.reference });

    assert.equal(blocked?.action, 'data_blocked');
    assert.deepEqual(
      blocked?.categories.map((c) => c.en),
      ['phone'],
    );
    assert.deepEqual(blocked?.request, { id: mine.id, reference: mine.reference });

    assert.deepEqual(
      task?.categories.map((c) => c.en),
      ['education'],
    );
    assert.equal(task?.request, null);

    assert.deepEqual(foreign?.categories, []);
    assert.equal(foreign?.request, null);
    const shown = JSON.stringify((await listActivityFeed(t.db, subject.id)).map((e) => [e.categories, e.request]));
    assert.ok(!shown.includes('value of'), 'no value is named');
    assert.ok(!shown.includes(theirs.id) && !shown.includes('iin'), "nothing of the other subject's");
  });

  test('[ACTIVITY] a cancelled request is recorded as its move to WITHDRAWN, which the description reads', async () => {
    const { subject } = await createSubjectWithItems(t.db);
    const filed = await t.db.transaction((tx) =>
      fileRequest(tx, { subjectId: subject.id, type: 'ACCESS', notify: false }),
    );
    await t.db.transaction((tx) =>
      cancelOwnRequest(tx, { subjectId: subject.id, requestId: filed.id, version: 1, actor: subjectActor }),
    );
    const [cancelled] = await listActivityFeed(t.db, subject.id);
    assert.equal(cancelled?.action, 'request_updated');
    assert.equal((cancelled?.details as { to?: string }).to, 'WITHDRAWN');
    assert.deepEqual(cancelled?.request, { id: filed.id, reference: filed.reference });
  });
});

describe("[ACTIVITY] Art. 8-2: the feed can show only the operator's actions", () => {
  test("[ACTIVITY] the filter leaves out the subject's own sign-ins, and paging keeps to it", async () => {
    const { subject } = await createSubjectWithItems(t.db);
    // Interleaved: 60 of the operator's views among 120 sign-ins.
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 60; i++) await recordAudits(tx, [...signIns(subject.id, 2), ...views(subject.id, 1)]);
    });
    const first = await listActivityFeed(t.db, subject.id, { by: 'operator' });
    assert.equal(first.length, ACTIVITY_PAGE);
    assert.ok(first.every((e) => e.actorRole !== 'subject'));
    const second = await listActivityFeed(t.db, subject.id, { by: 'operator', before: first.at(-1)!.id });
    assert.equal(second.length, 60 - ACTIVITY_PAGE);
    assert.ok(second.every((e) => e.actorRole !== 'subject' && e.id < first.at(-1)!.id));
    const all = await listActivityFeed(t.db, subject.id);
    assert.ok(all.some((e) => e.action === 'signed_in'));
  });

  test('[ACTIVITY] the filtered page reads the partial index, also as a cached generic plan', async () => {
    const { subject } = await createSubjectWithItems(t.db);
    const neighbour = await createSubjectWithItems(t.db);
    // A subject who signs in every day for years, and the operator's few actions between.
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 20; i++)
        await recordAudits(tx, [
          ...signIns(subject.id, 250),
          ...views(subject.id, 2),
          ...signIns(neighbour.subject.id, 50),
        ]);
    });
    await t.db.execute(sql`analyze audit_events`);
    const query = subjectActivityQuery(t.db, subject.id, { by: 'operator', before: Number.MAX_SAFE_INTEGER }).toSQL();
    // Both ways PostgreSQL may plan the page's prepared statement: for these values, and for any.
    for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
      const text = await explainPrepared(t.db, query, mode);
      assert.match(
        text,
        /Index Scan Backward using audit_events_operator_activity on audit_events/,
        `${mode}:\n${text}`,
      );
      // The events naming the subject among many (a queue export's batch, migrations 0030 and 0032):
      // the subject's rows by their own index, and each one's event by its batch, or the batches'
      // events newest first (migration 0033) each looked up among the subject's rows: both by index.
      assert.match(text, /audit_event_subjects_subject_id_batch_id_index/, `${mode}:\n${text}`);
      assert.match(
        text,
        /audit_events_batch_index|Index Scan Backward using audit_events_batches/,
        `${mode}:\n${text}`,
      );
      assert.doesNotMatch(text, /Seq Scan/, `${mode}:\n${text}`);
    }
  });
});
