import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { parseQueueQuery } from '@/lib/backoffice/queue-filters';
import { kazakhstanToday } from '@/lib/deadlines/due';
import { findQueuePage } from './queue';

let t: TestDatabase;
let subjectId: string;
before(async () => {
  t = await createSeededTestDatabase();
  const [subject] = await t.db
    .insert(subjects)
    .values({ email: 'queue@example.kz', fullName: 'Queue Subject', locale: 'en' })
    .returning();
  subjectId = subject!.id;
});
after(() => t.drop());

/** `count` requests of one type, all due at the same instant (with microseconds), half of them closed. */
async function sameDueTime(count: number, dueAt: string) {
  await t.db.execute(sql`
    insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                          due_at, original_due_at, completed_at)
    select '2031-' || lpad(g::text, 6, '0'), ${subjectId}, 'ACCESS',
           (case when g % 2 = 0 then 'COMPLETED' else 'IN_PROGRESS' end)::request_state,
           ${dueAt}::timestamptz - interval '3 days', ${dueAt}::timestamptz - interval '3 days', 3,
           ${dueAt}::timestamptz, ${dueAt}::timestamptz,
           case when g % 2 = 0 then ${dueAt}::timestamptz end
    from generate_series(1, ${count}) g`);
}

/** Every page, following the cursor as the queue page and the CSV export do, through the URL. */
async function walk(query: Record<string, string>, limit: number) {
  const seen: string[] = [];
  let next: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const { filters, after: cursor } = parseQueueQuery(next ? { ...query, after: next } : query);
    const page = await findQueuePage(t.db, filters, {
      staffId: subjectId,
      after: cursor,
      limit,
      today: kazakhstanToday(),
    });
    seen.push(...page.rows.map((row) => row.reference));
    next = page.next;
    if (!next) return seen;
  }
  throw new Error('the cursor did not advance');
}

describe('[QUEUE] keyset paging at full precision (issue 15)', () => {
  test('[QUEUE] Art. 25(2): a thousand requests due at the same microsecond are each listed once, none lost', async () => {
    await sameDueTime(1000, '2031-03-02T10:00:00.123456Z');
    // The demo's own requests are listed too; the thousand are told by their year.
    const ours = (references: string[]) => references.filter((reference) => reference.startsWith('2031-'));
    const all = await walk({ type: 'ACCESS', state: 'all' }, 50);
    assert.equal(new Set(all).size, all.length, 'no request listed twice');
    assert.equal(ours(all).length, 1000);
    const open = await walk({ type: 'ACCESS' }, 37);
    assert.equal(new Set(open).size, open.length, 'no request listed twice');
    assert.equal(ours(open).length, 500);
  });

  test('[QUEUE] an open request is read through the open-requests index, whatever plan the server caches', async () => {
    // A prepared statement's generic plan knows no parameter values: the open filter must still
    // match the partial indexes' predicate, or the default view walks the whole closed history.
    await t.db.execute(sql`set plan_cache_mode = force_generic_plan`);
    try {
      for (const [filter, index] of [
        [sql`is_open`, 'requests_open_due'],
        [sql`is_open and type = ${'ACCESS'}`, 'requests_open_type_due'],
        [sql`is_open and assignee_id is null`, 'requests_open_assignee_due'],
      ] as const) {
        const plan = await t.db.execute<{ 'QUERY PLAN': string }>(
          sql`explain select id from requests where ${filter} order by due_at, id limit 50`,
        );
        const text = plan.map((row) => row['QUERY PLAN']).join('\n');
        assert.match(text, new RegExp(index), text);
      }
    } finally {
      await t.db.execute(sql`reset plan_cache_mode`);
    }
  });
});
