import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { auditEventOfBatch, subjectAuditEvents } from '@/db/schema/audit';
import { locales, subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { describeActivity } from '@/lib/activity/describe';
import { listActivityFeed } from '@/lib/activity/feed';
import { verifyAuditChain } from '@/lib/audit/verify';
import type { StaffUser } from '@/lib/auth/session';
import { translatorFor } from '@/lib/i18n/translator';
import { csvCellSql } from '@/db/queries/csv';
import { csvRows } from '@/lib/csv';
import { parseQueueFilters } from './queue-filters';
import { queueCsvStream } from './queue-export';

let t: TestDatabase;
let staff: StaffUser;
const subjectIds: string[] = [];

/** 12,000 open requests over five subjects, all due at the same microsecond, and as many closed: pages of 5,000 split the ties. */
before(async () => {
  t = await createSeededTestDatabase();
  const [dpo] = await t.db.insert(users).values({ email: 'export-dpo@example.kz', role: 'dpo' }).returning();
  staff = { id: dpo!.id, email: dpo!.email!, role: 'dpo', sessionId: 'test', fullyVerified: true } as StaffUser;
  for (let i = 0; i < 5; i++) {
    const [subject] = await t.db
      .insert(subjects)
      .values({ email: `export${i}@example.kz`, fullName: `Export Subject ${i}`, locale: 'en' })
      .returning();
    subjectIds.push(subject!.id);
  }
  await t.db.execute(sql`
    insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                          due_at, original_due_at, completed_at)
    select '2033-' || lpad(g::text, 6, '0'), (${`{${subjectIds.join(',')}}`}::uuid[])[1 + g % 5], 'ACCESS',
           (case when g % 2 = 0 then 'COMPLETED' else 'IN_PROGRESS' end)::request_state,
           '2033-01-01T04:00:00.000001Z'::timestamptz, '2033-01-01T04:00:00.000001Z'::timestamptz, 3,
           '2033-01-10T10:00:00.123456Z'::timestamptz, '2033-01-10T10:00:00.123456Z'::timestamptz,
           case when g % 2 = 0 then '2033-01-02T00:00:00Z'::timestamptz end
    from generate_series(1, 24000) g`);
});
after(() => t.drop());

async function readCsv(names: boolean): Promise<string[][]> {
  const stream = await queueCsvStream(t.db, staff, parseQueueFilters(new URLSearchParams()), { names });
  const text = await new Response(stream).text();
  return text
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));
}

describe('[QUEUE] the CSV export streams the whole queue a keyset page at a time (issue 15)', () => {
  test('[QUEUE] Art. 25(2): every open request is written once, in the queue order, when thousands share a due time', async () => {
    const [header, ...rows] = await readCsv(false);
    assert.deepEqual(header, ['reference', 'type', 'state', 'registered_at', 'due_at', 'overdue', 'assignee']);
    const expected = await t.db.execute<{
      reference: string;
      type: string;
      state: string;
      registered_at: string;
      due_at: string;
      email: string | null;
    }>(
      sql`select r.reference, r.type, r.state, r.registered_at, r.due_at, u.email
          from requests r left join users u on u.id = r.assignee_id where r.is_open order by r.due_at, r.id`,
    );
    const references = rows.map((row) => row[0]!);
    assert.equal(references.length, expected.length);
    assert.equal(new Set(references).size, references.length, 'no request written twice');
    assert.deepEqual(
      references,
      expected.map((row) => row.reference),
    );
    // Each cell as a Date and the clock give it: times in UTC to the millisecond, overdue when due before now.
    const now = Date.now();
    assert.deepEqual(
      rows,
      expected.map((row) => [
        row.reference,
        row.type,
        row.state,
        new Date(row.registered_at).toISOString(),
        new Date(row.due_at).toISOString(),
        String(new Date(row.due_at).getTime() < now),
        row.email ?? '',
      ]),
    );
  });

  test('[QUEUE] Art. 8-2: with names, each subject named is told once, and every row names its subject', async () => {
    const [header, ...rows] = await readCsv(true);
    assert.equal(header![1], 'subject_name');
    const [open] = await t.db.execute<{ count: number }>(
      sql`select count(*)::int as count from requests where is_open`,
    );
    assert.equal(rows.length, open!.count);
    const ours = rows.filter((row) => row[0]!.startsWith('2033-'));
    assert.equal(ours.length, 12000);
    assert.ok(ours.every((row) => /^Export Subject \d$/.test(row[1]!)));
    for (const subjectId of subjectIds) {
      const events = await t.db
        .select()
        .from(subjectAuditEvents)
        .where(
          and(
            eq(subjectAuditEvents.subjectId, subjectId),
            eq(subjectAuditEvents.action, 'data_exported'),
            eq(subjectAuditEvents.entityType, 'request'),
          ),
        );
      assert.equal(events.length, 1, 'one event per subject named');
    }
  });

  test('[ACTIVITY] Art. 8-2: a subject named in the CSV sees the export in their activity, in kk, ru and en, and the chain verifies', async () => {
    // What the subject's page and activity e-mail read (lib/activity/feed.ts, describe.ts): whatever
    // form the export's trace takes (issue 15 weighs one event a batch with a list of the subjects),
    // each subject named must read this entry, at the export's time, linked to their own request.
    const started = new Date();
    await readCsv(true);
    const subjectId = subjectIds[2]!;
    const [entry] = await listActivityFeed(t.db, subjectId, { by: 'operator' });
    assert.equal(entry?.action, 'data_exported');
    assert.equal(entry?.actorRole, 'dpo');
    assert.ok(entry.at >= new Date(started.getTime() - 1000) && entry.at <= new Date(), 'at the export');
    const [own] = await t.db.execute<{ id: string; reference: string }>(
      sql`select id, reference from requests where id = ${entry.entityId}::uuid and subject_id = ${subjectId}`,
    );
    assert.deepEqual(entry.request, { id: own!.id, reference: own!.reference });
    for (const locale of locales) {
      const tr = translatorFor(locale);
      const words = describeActivity(tr, entry, locale);
      assert.equal(words.action, tr('activity.actions.data_exported'));
      assert.equal(words.actor, tr('activity.actors.dpo'));
    }
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[ACTIVITY] Art. 8-2: a subject whose requests are all closed is not in the export and sees nothing of it', async () => {
    const [outside] = await t.db
      .insert(subjects)
      .values({ email: 'export-outside@example.kz', fullName: 'Outside Subject', locale: 'en' })
      .returning();
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at, completed_at)
      values ('2033-900001', ${outside!.id}, 'ACCESS', 'COMPLETED', '2033-01-01T04:00:00Z', '2033-01-01T04:00:00Z', 3,
              '2033-01-10T10:00:00Z', '2033-01-10T10:00:00Z', '2033-01-02T00:00:00Z')`);
    await readCsv(true);
    const feed = await listActivityFeed(t.db, outside!.id, { by: 'operator' });
    assert.deepEqual(
      feed.map((entry) => entry.action),
      [],
    );
    // The named ones still see it, the chain still verifies.
    assert.equal((await listActivityFeed(t.db, subjectIds[0]!, { by: 'operator' }))[0]?.action, 'data_exported');
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[AUDIT] Art. 22(1)(5): the chain no longer verifies when a subject an export named is changed behind the triggers', async () => {
    await readCsv(true);
    assert.equal((await verifyAuditChain(t.db)).intact, true);
    // The newest batch naming subjectIds[1], and its event.
    const [link] = await t.db.execute<{ batch_id: string; subject_id: string; event_id: string }>(
      sql`select batch_id, audit_event_subjects.subject_id, audit_events.id as event_id
          from audit_event_subjects join audit_events on ${auditEventOfBatch}
          where audit_event_subjects.subject_id = ${subjectIds[1]!} order by audit_events.id desc limit 1`,
    );
    const [other] = await t.db.execute<{ id: string }>(
      sql`select id from subjects where id not in (select subject_id from audit_event_subjects where batch_id = ${link!.batch_id}) limit 1`,
    );
    // As the database's superuser (t.db), with the append-only triggers off: the row is given to another subject.
    const giveRow = (from: string, to: string) =>
      t.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_event_subjects disable trigger user`);
        await tx.execute(
          sql`update audit_event_subjects set subject_id = ${to} where batch_id = ${link!.batch_id} and subject_id = ${from}`,
        );
        await tx.execute(sql`alter table audit_event_subjects enable trigger user`);
      });
    await giveRow(link!.subject_id, other!.id);
    try {
      const check = await verifyAuditChain(t.db);
      assert.equal(check.intact, false);
      assert.equal(check.intact === false && check.firstBrokenId, Number(link!.event_id));
    } finally {
      await giveRow(other!.id, link!.subject_id);
    }
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[AUDIT] Art. 22(1)(5): rows naming subjects that no event names break the chain', async () => {
    await readCsv(true);
    const [last] = await t.db.execute<{ id: string }>(sql`select max(id) as id from audit_events`);
    const batch = '00000000-0000-4000-8000-00000000f00d';
    await t.db.execute(
      sql`insert into audit_event_subjects (batch_id, subject_id, request_id)
          select ${batch}::uuid, subject_id, id from requests where subject_id = ${subjectIds[2]!} limit 1`,
    );
    try {
      const check = await verifyAuditChain(t.db);
      assert.equal(check.intact, false);
      assert.equal(check.intact === false && check.firstBrokenId, Number(last!.id));
    } finally {
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_event_subjects disable trigger user`);
        await tx.execute(sql`delete from audit_event_subjects where batch_id = ${batch}::uuid`);
        await tx.execute(sql`alter table audit_event_subjects enable trigger user`);
      });
    }
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test("[QUEUE] Art. 8-2: with names, each batch's event is chained after its commit, with its rows written", async () => {
    // Another session holds the chain's lock (as a chaining does): the export's first batch commits
    // its rows and its pending event without it, and only the chaining after the commit
    // (db/audit-chain.ts, migration 0034) waits for the lock; meanwhile the chain verifies, the
    // batch's rows counted as their event's, pending.
    const holder = await t.db.$client.reserve();
    await holder`select pg_advisory_lock(hashtext('derbes.audit_events.chain'))`;
    let reading: Promise<unknown> | undefined;
    try {
      reading = readCsv(true);
      for (;;) {
        const waiting = await t.db.execute<{ query: string }>(
          sql`select query from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory'`,
        );
        if (waiting.length) {
          assert.deepEqual(
            waiting.map((row) => row.query.trim().toLowerCase()),
            ['select chain_audit_events() as n'],
          );
          assert.equal((await verifyAuditChain(t.db)).intact, true);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await holder`select pg_advisory_unlock(hashtext('derbes.audit_events.chain'))`;
      holder.release();
      await reading;
    }
    assert.equal((await verifyAuditChain(t.db)).intact, true);
  });

  test('[SECURITY] Art. 22: a cell PostgreSQL writes for a CSV is the one csvRows writes, formulas neutralised', async () => {
    const values = [
      '',
      'plain',
      '=HYPERLINK("http://x","y")',
      '+7 701 000 00 00',
      '-1',
      '@SUM(A1)',
      '\tTab',
      '\rReturn',
      '\uFF1Dfull',
      '\uFF0Bfull',
      '\uFF0Dfull',
      '\uFF20full',
      'a,b',
      'say "hi"',
      'line\nbreak',
      'cr\rin',
      'crlf\r\nin',
      'ends\r',
      '\r',
      '\nleading',
      '=a,"b"',
      'Әліхан Нұрбек',
      "O'Brien",
      'x=1',
    ];
    const cell = csvCellSql(sql`v`);
    const rows = await t.db.execute<{ v: string; cell: string }>(
      sql`select v, ${cell} as cell from json_array_elements_text(${JSON.stringify(values)}::json) as t(v)`,
    );
    assert.equal(rows.length, values.length);
    for (const row of rows) assert.equal(`${row.cell}\r\n`, csvRows([[row.v]]), JSON.stringify(row.v));
    const [empty] = await t.db.execute<{ cell: string }>(sql`select ${csvCellSql(sql`null::text`)} as cell`);
    assert.equal(empty!.cell, '');
  });
});
