import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { drizzleOver } from '@/db';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, explainPrepared, type TestDatabase } from '@/db/testing';
import { parseQueueQuery } from '@/lib/backoffice/queue-filters';
import { kazakhstanToday } from '@/lib/deadlines/due';
import { countQueue, findQueueMatches, findQueuePage, SEARCH_NARROW, type QueueSort } from './queue';

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

const today = () => kazakhstanToday();
type Today = ReturnType<typeof kazakhstanToday>;

/** One page as the queue page reads it: from the URL, through parseQueueQuery; now, or at `at`. */
async function pageOf(query: Record<string, string>, limit: number, at?: Today) {
  const { filters, after: from, before } = parseQueueQuery(query);
  return findQueuePage(t.db, filters, {
    staffId: subjectId,
    after: from,
    before,
    limit,
    today: at ?? kazakhstanToday(),
  });
}

/**
 * Every page forwards, following Next as the queue page and the CSV export do, through the URL;
 * then, from the last page, every page backwards following Previous. Both lists of references.
 */
async function walk(query: Record<string, string>, limit: number, at?: Today) {
  const forwards: string[] = [];
  let next: string | null = null;
  let last: Awaited<ReturnType<typeof pageOf>> | null = null;
  for (let pages = 0; ; pages++) {
    if (pages > 1000) throw new Error('the cursor did not advance');
    last = await pageOf(next ? { ...query, after: next } : query, limit, at);
    forwards.push(...last.rows.map((row) => row.reference));
    next = last.next;
    if (!next) break;
  }
  // Backwards: the last page, then each Previous, each page put before the ones already read.
  const backwards: string[] = last.rows.map((row) => row.reference);
  let prev = last.prev;
  for (let pages = 0; prev; pages++) {
    if (pages > 1000) throw new Error('the cursor did not go back');
    const page = await pageOf({ ...query, before: prev }, limit, at);
    backwards.unshift(...page.rows.map((row) => row.reference));
    prev = page.prev;
  }
  return { forwards, backwards };
}
/** Every page forwards only. */
const all = async (query: Record<string, string>, limit: number, at?: Today) => (await walk(query, limit, at)).forwards;

/**
 * A database of its own, for a test whose rows would fill the other tests' views, with twelve agents
 * (`agent-0` … `agent-11`); `pageAndPlan` reads a view's first page as agent-0 and EXPLAINs the
 * statement the page sent, as sent, under the server's generic plan.
 */
async function ownDatabase() {
  const own = await createSeededTestDatabase();
  let sent: { sql: string; params: unknown[] } | null = null;
  const client = postgres(own.url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, params) => (sent = { sql: query, params: params as unknown[] }),
  });
  await own.db.execute(sql`
    insert into users (id, name, email, role)
    select 'agent-' || g, 'Agent ' || g, 'agent' || g || '@example.kz', 'agent' from generate_series(0, 11) g`);
  return {
    db: own.db,
    async pageAndPlan(query: Record<string, string>, at: Today) {
      const { filters } = parseQueueQuery(query);
      const page = await findQueuePage(drizzleOver(client), filters, { staffId: 'agent-0', today: at });
      assert.ok(sent, 'the page sent its statement');
      return { page, text: await explainPrepared(own.db, sent) };
    },
    async drop() {
      await client.end();
      await own.drop();
    },
  };
}

describe('[QUEUE] keyset paging at full precision (issue 15)', () => {
  test('[QUEUE] Art. 25(2): a thousand requests due at the same microsecond are each listed once, none lost', async () => {
    await sameDueTime(1000, '2031-03-02T10:00:00.123456Z');
    // The demo's own requests are listed too; the thousand are told by their year.
    const ours = (references: string[]) => references.filter((reference) => reference.startsWith('2031-'));
    const every = await all({ type: 'ACCESS', state: 'all' }, 50);
    assert.equal(new Set(every).size, every.length, 'no request listed twice');
    assert.equal(ours(every).length, 1000);
    const open = await all({ type: 'ACCESS' }, 37);
    assert.equal(new Set(open).size, open.length, 'no request listed twice');
    assert.equal(ours(open).length, 500);
  });

  test('[QUEUE] an open request is read through the open-requests index, whatever plan the server caches', async () => {
    // A prepared statement's generic plan knows no parameter values: the open filter must still
    // match the partial indexes' predicate, or the default view walks the whole closed history.
    for (const [filter, params, index] of [
      ['is_open', [], 'requests_open_due'],
      ['is_open and type = $1', ['ACCESS'], 'requests_open_type_due'],
      // The open unassigned requests' own index, or an open index that starts with the assignee (on
      // a nearly empty table the planner may sort the few rows of the one by type): never a walk of
      // the closed history.
      ['is_open and assignee_id is null', [], 'requests_open_(unassigned_|assignee_(type_)?)due'],
    ] as const) {
      const text = await explainPrepared(t.db, {
        sql: `select id from requests where ${filter} order by due_at, id limit 50`,
        params: [...params],
      });
      assert.match(text, new RegExp(index), text);
    }
  });

  test("[QUEUE] a view of one type, one state or both, one person's or anyone's, over every state, reads the range of the index led by them", async () => {
    // A history written over the years: stored in due order, the types mixed. The planner prices an
    // index's reads by how the table follows its first column, so with "type = $1" it read such a
    // table through the due-time index, discarding every other type (27 rows for one at a million,
    // bench/RESULTS.md round 16); written "one of [type]", with the type leading the order, only the
    // indexes led by the type give the order. Its own database: the rows would fill the other tests' views.
    const own = await ownDatabase();
    try {
      // A third of the requests assigned among the twelve agents: one person's are few.
      await own.db.execute(sql`
        insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                              due_at, original_due_at, completed_at, assignee_id)
        select '2033-' || lpad(g::text, 6, '0'), (select id from subjects limit 1),
               (array['ACCESS','RECTIFY','BLOCK','DESTROY','WITHDRAW','PUBLIC_REMOVE','OBJECT_AUTO'])[1 + (g * 7919) % 7]::request_type,
               (case when g % 200 = 0 then 'FORWARDED' else 'COMPLETED' end)::request_state,
               at, at, 3, at + interval '3 days', at + interval '3 days', at + interval '1 day',
               case when g % 3 = 0 then 'agent-' || (g / 3) % 12 end
        from generate_series(1, 40000) g, lateral (select '2023-01-01'::timestamptz + g * interval '30 minutes' as at) t
        order by g;
        analyze requests`);
      // The statement the queue page sends for that view, as sent, under the server's generic plan.
      // And a rare closed state (one request in two hundred), alone or with a type, in each order:
      // one range of the index led by them, where the history's order was walked past the others.
      for (const [query, index] of [
        [{ type: 'ACCESS', state: 'all' }, 'requests_type_due_at_id_index'],
        [{ state: 'FORWARDED', sort: 'registered' }, 'requests_state_registered'],
        [{ state: 'FORWARDED', sort: '-registered' }, 'requests_state_registered'],
        [{ state: 'FORWARDED', type: 'ACCESS' }, 'requests_state_type_due'],
        [{ state: 'FORWARDED', sort: 'type' }, 'requests_state_type_due'],
        [{ state: 'FORWARDED', type: 'ACCESS', sort: 'registered' }, 'requests_state_type_registered'],
        [{ state: 'all', type: 'ACCESS', sort: 'registered' }, 'requests_type_registered'],
        // One person's requests: the range of that person within the state's or the type's.
        [{ state: 'FORWARDED', assignee: 'me' }, 'requests_state_assignee_due'],
        [{ state: 'FORWARDED', assignee: 'me', sort: '-registered' }, 'requests_state_assignee_registered'],
        [{ state: 'FORWARDED', assignee: 'me', type: 'ACCESS' }, 'requests_state_assignee_type_due'],
        [{ state: 'all', assignee: 'me', type: 'ACCESS', sort: 'registered' }, 'requests_assignee_type_registered'],
        [{ state: 'all', assignee: 'me', sort: 'registered' }, 'requests_assignee_registered'],
        // Nobody's: the state's unassigned range, not the state's with everyone else's thrown away.
        [{ state: 'FORWARDED', assignee: 'none' }, 'requests_unassigned_state_due'],
      ] as const) {
        const { text } = await own.pageAndPlan(query, today());
        assert.match(text, new RegExp(`Index Scan( Backward)? using ${index} `), `${JSON.stringify(query)}\n${text}`);
      }
    } finally {
      await own.drop();
    }
  });

  test("[QUEUE] Art. 25(2): nobody's requests due today, by registration, read the unassigned ones due today alone", async () => {
    // The due-today range is read whole and sorted by registration; through the due indexes the
    // assigned third of it was read to be thrown away (bench/queue-views.ts at a million: 4,058 rows
    // for a page of 51). Open requests registered over a month, a tenth due at the end of today in
    // Kazakhstan as the portal writes due times, a third assigned. Its own database, as above.
    const own = await ownDatabase();
    const now = today();
    try {
      await own.db.execute(sql`
        insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                              due_at, original_due_at, assignee_id)
        select '2034-' || lpad(g::text, 6, '0'), (select id from subjects limit 1),
               (array['ACCESS','RECTIFY','BLOCK','DESTROY','WITHDRAW','PUBLIC_REMOVE','OBJECT_AUTO'])[1 + (g * 7919) % 7]::request_type,
               (array['REGISTERED','IN_PROGRESS','AWAITING_INFO','EXTENDED','EXECUTING'])[1 + (g * 31) % 5]::request_state,
               at, at, 3, due, due,
               case when g % 3 = 0 then 'agent-' || (g / 3) % 12 end
        from generate_series(1, 20000) g,
             lateral (select ${now.now.toISOString()}::timestamptz - (g % 43200) * interval '1 minute' as at) r,
             lateral (select case when g % 10 = 0 then ${now.endOfToday.toISOString()}::timestamptz
                                  else r.at + interval '3 days' + (g % 7) * interval '1 day' end as due) d
        order by due`);
      await own.db.execute(sql`analyze requests`);
      for (const [query, index] of [
        [{ assignee: 'none', dueToday: '1', sort: 'registered' }, 'requests_open_unassigned_due'],
        [{ assignee: 'none', dueToday: '1', sort: '-registered' }, 'requests_open_unassigned_due'],
        [
          { state: 'IN_PROGRESS', assignee: 'none', dueToday: '1', sort: 'registered' },
          'requests_unassigned_state_due',
        ],
      ] as const) {
        const { page, text } = await own.pageAndPlan(query, now);
        assert.ok(page.rows.length > 0, `${JSON.stringify(query)} lists the requests due today`);
        assert.ok(page.rows.every((row) => row.assigneeId === null && row.assigneeName === null));
        // Nobody's requests have no assignee to look up: the staff table is not read.
        assert.doesNotMatch(text, /on users/, `${JSON.stringify(query)}\n${text}`);
        assert.match(text, new RegExp(`(using|on) ${index} `), `${JSON.stringify(query)}\n${text}`);
        assert.doesNotMatch(text, /Filter: .*assignee_id IS NULL/, `${JSON.stringify(query)}\n${text}`);
      }
    } finally {
      await own.drop();
    }
  });
});

/** The references of a view in the order the database gives for these columns: what the pages must add up to. */
async function expected(order: string, where = sql`true`) {
  const rows = await t.db.execute<{ reference: string }>(
    sql`select reference from requests where ${where} order by ${sql.raw(order)}`,
  );
  return rows.map((row) => row.reference);
}

describe('[QUEUE] Previous, the orders, partial search and the count (issue 14)', () => {
  before(async () => {
    // Requests registered at the same microsecond too, of every type, so each order has ties the id breaks.
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at, completed_at)
      select '2032-' || lpad(g::text, 6, '0'), ${subjectId},
             (array['ACCESS','RECTIFY','BLOCK','DESTROY','WITHDRAW','PUBLIC_REMOVE','OBJECT_AUTO'])[1 + g % 7]::request_type,
             (case when g % 3 = 0 then 'COMPLETED' else 'REGISTERED' end)::request_state,
             '2032-01-10T04:00:00.654321Z'::timestamptz + (g % 4) * interval '1 day',
             '2032-01-10T04:00:00.654321Z'::timestamptz, 3,
             '2032-01-20T10:00:00.123456Z'::timestamptz + (g % 5) * interval '1 hour',
             '2032-01-20T10:00:00.123456Z'::timestamptz,
             case when g % 3 = 0 then '2032-01-12T00:00:00Z'::timestamptz end
      from generate_series(1, 300) g`);
  });

  test('[QUEUE] Art. 25(2): Next then Previous over rows sharing a due time lists each request once, none lost, in order', async () => {
    for (const [query, limit] of [
      [{ state: 'all' }, 23],
      [{}, 50],
      [{ type: 'ACCESS', state: 'all' }, 37],
    ] as const) {
      const { forwards, backwards } = await walk(query, limit);
      assert.equal(new Set(forwards).size, forwards.length, 'no request listed twice');
      assert.deepEqual(backwards, forwards, `Previous gives back the same pages: ${JSON.stringify(query)}`);
    }
    const { forwards } = await walk({ state: 'all' }, 23);
    assert.deepEqual(forwards, await expected('due_at, id'));
  });

  test('[QUEUE] Previous from the second page gives the first page whole', async () => {
    const first = await pageOf({}, 10);
    const second = await pageOf({ after: first.next! }, 10);
    assert.ok(second.prev);
    const back = await pageOf({ before: second.prev }, 10);
    assert.deepEqual(
      back.rows.map((row) => row.id),
      first.rows.map((row) => row.id),
    );
    assert.equal(back.prev, null, 'nothing before the first page');
    assert.equal(first.prev, null);
  });

  test('[QUEUE] each order pages through every request, ties broken by the id, forwards and back', async () => {
    const orders: [QueueSort, string][] = [
      ['due', 'due_at, id'],
      ['-due', 'due_at desc, id desc'],
      ['registered', 'registered_at, id'],
      ['-registered', 'registered_at desc, id desc'],
      ['type', 'type, due_at, id'],
    ];
    for (const [sort, order] of orders) {
      const { forwards, backwards } = await walk({ state: 'all', sort }, 29);
      assert.deepEqual(forwards, await expected(order), sort);
      assert.deepEqual(backwards, forwards, `${sort}: Previous`);
      const open = await all({ sort }, 41);
      assert.deepEqual(open, await expected(order, sql`is_open`), `${sort}, open`);
      // One type: read in (type, due time, id) in a due order, the same rows in the same order.
      const oneType = await walk({ state: 'all', sort, type: 'RECTIFY' }, 7);
      assert.deepEqual(oneType.forwards, await expected(order, sql`type = 'RECTIFY'`), `${sort}, RECTIFY`);
      assert.deepEqual(oneType.backwards, oneType.forwards, `${sort}, RECTIFY: Previous`);
      // One state, open or closed, alone or with a type: led by the state in its indexes' order.
      for (const [state, type] of [
        ['IN_PROGRESS', null],
        ['IN_PROGRESS', 'ACCESS'],
        ['COMPLETED', null],
        ['COMPLETED', 'ACCESS'],
      ] as const) {
        const query = { state, sort, ...(type ? { type } : {}) };
        const oneState = await walk(query, 9);
        const rows = sql`state = ${state} and (${type}::request_type is null or type = ${type}::request_type)`;
        assert.deepEqual(oneState.forwards, await expected(order, rows), `${sort}, ${state} ${type ?? ''}`);
        assert.ok(oneState.forwards.length > 9, `${sort}, ${state} ${type ?? ''}: more than one page`);
        assert.deepEqual(oneState.backwards, oneState.forwards, `${sort}, ${state} ${type ?? ''}: Previous`);
      }
    }
    // A cursor of another order is no cursor: the page starts at the top and says so.
    const byDue = await pageOf({ state: 'all' }, 5);
    const parsed = parseQueueQuery({ state: 'all', sort: 'type', after: byDue.next! });
    assert.equal(parsed.after, null);
    assert.deepEqual(parsed.ignored, ['after']);
  });

  test('[QUEUE] part of a reference, of an e-mail address or of a name finds the request', async () => {
    const [other] = await t.db
      .insert(subjects)
      .values({ email: 'Zarina.Partial@Example.KZ', fullName: 'Зарина Ішкіқызы', locale: 'kk' })
      .returning();
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at)
      values ('2033-054321', ${other!.id}, 'ACCESS', 'REGISTERED', now(), now(), 3, now() + interval '5 days',
              now() + interval '5 days')`);
    const found = async (q: string, state = 'all') =>
      (await pageOf({ q, state }, 50)).rows.map((row) => row.reference).filter((r) => r.startsWith('2033-'));
    assert.deepEqual(await found('054321'), ['2033-054321'], 'the number without the year');
    assert.deepEqual(await found('3-0543'), ['2033-054321'], 'across the dash');
    assert.deepEqual(await found('2033-054321'), ['2033-054321'], 'the whole reference');
    assert.deepEqual(await found('zarina.part'), ['2033-054321'], 'part of the e-mail, in any case');
    assert.deepEqual(await found('@example.kz'), ['2033-054321'], 'the domain');
    assert.deepEqual(await found('ZARINA.partial@example.kz'), ['2033-054321'], 'the whole address, in any case');
    assert.deepEqual(await found('rina.partial@exam'), ['2033-054321'], 'part of the address across the @');
    assert.deepEqual(await found('zarina.partial@example.com'), [], 'the part after the @ must match too');
    assert.deepEqual(await found('arina.partial@'), ['2033-054321'], 'up to the @');
    assert.deepEqual(await found('ІШКІҚЫЗ'), ['2033-054321'], 'part of the name, Kazakh letters in any case');
    assert.deepEqual(await found('054321', 'open'), ['2033-054321']);
    assert.deepEqual(await found('%%%'), [], 'a % is a character, not a wildcard');
    assert.deepEqual(await found('_arina'), [], 'a _ is a character too');
    const count = await countQueue(t.db, parseQueueQuery({ q: 'zarina', state: 'all' }).filters, {
      staffId: subjectId,
      today: today(),
    });
    assert.deepEqual(count, { count: 1, more: false });
  });

  test('[QUEUE] Art. 25(2): a closed request is neither overdue nor due today: those views of a closed state are empty', async () => {
    // The fixture's closed requests are long past their due times: counted as overdue, they would fill the view.
    const [{ closedPastDue }] = (await t.db.execute<{ closedPastDue: number }>(
      sql`select count(*)::int as "closedPastDue" from requests where state = 'COMPLETED' and due_at < now()`,
    )) as unknown as [{ closedPastDue: number }];
    assert.ok(closedPastDue > 0, 'the fixture holds completed requests past their due time');
    for (const flag of ['overdue', 'dueToday'] as const) {
      for (const sort of ['due', 'registered', 'type'] as const) {
        const query = { state: 'COMPLETED', [flag]: '1', sort };
        assert.deepEqual((await pageOf(query, 10)).rows, [], `${flag}, ${sort}`);
        assert.deepEqual(
          await countQueue(t.db, parseQueueQuery(query).filters, { staffId: subjectId, today: today() }),
          { count: 0, more: false },
          `${flag}, ${sort}: the count`,
        );
      }
    }
  });

  test('[QUEUE] the total: exact up to the cap, then "more than"', async () => {
    const count = (query: Record<string, string>, cap?: number) =>
      countQueue(t.db, parseQueueQuery(query).filters, { staffId: subjectId, today: today(), cap });
    const [{ open, every }] = (await t.db.execute<{ open: number; every: number }>(
      sql`select count(*) filter (where is_open)::int as open, count(*)::int as every from requests`,
    )) as unknown as [{ open: number; every: number }];
    assert.deepEqual(await count({}), { count: open, more: false });
    assert.deepEqual(await count({ state: 'all' }), { count: every, more: false });
    assert.deepEqual(await count({ state: 'all' }, 100), { count: 100, more: true });
    assert.deepEqual(await count({ state: 'all' }, every), { count: every, more: false });
    const [{ access }] = (await t.db.execute<{ access: number }>(
      sql`select count(*)::int as access from requests where is_open and type = 'ACCESS'`,
    )) as unknown as [{ access: number }];
    assert.deepEqual(await count({ type: 'ACCESS' }), { count: access, more: false });
  });

  test('[QUEUE] over every state, a search matching more requests than it sorts in memory pages them all from its subjects, and counts "more than"', async () => {
    const [many] = await t.db
      .insert(subjects)
      .values({ email: 'many.requests@example.kz', fullName: 'Көп Өтінішұлы', locale: 'kk' })
      .returning();
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at)
      select '2034-' || lpad(g::text, 6, '0'), ${many!.id}, 'ACCESS', 'REGISTERED',
             '2034-01-10T04:00:00.654321Z', '2034-01-10T04:00:00.654321Z', 3,
             '2034-01-20T10:00:00.123456Z'::timestamptz + (g % 3) * interval '1 second',
             '2034-01-20T10:00:00.123456Z'
      from generate_series(1, ${SEARCH_NARROW + 100}) g`);
    const query = { q: 'many.requests', state: 'all' };
    const { forwards, backwards } = await walk(query, 250);
    assert.equal(forwards.length, SEARCH_NARROW + 100);
    assert.equal(new Set(forwards).size, forwards.length);
    assert.deepEqual(forwards, await expected('due_at, id', sql`reference like '2034-%'`));
    assert.deepEqual(backwards, forwards);
    const { filters } = parseQueueQuery(query);
    assert.deepEqual(await countQueue(t.db, filters, { staffId: subjectId, today: today() }), {
      count: SEARCH_NARROW,
      more: true,
    });
    // Answered from the one subject the name matched: their requests read and sorted, none walked past.
    const matches = await findQueueMatches(t.db, filters, { staffId: subjectId, today: today() });
    assert.deepEqual(matches, { subjectIds: [many!.id] });

    // The open queue: every match read from the open requests' copy of their subject's name and
    // address, in the view's order, and counted exactly.
    const open = parseQueueQuery({ q: 'many.requests' }).filters;
    const ids = await findQueueMatches(t.db, open, { staffId: subjectId, today: today() });
    assert.ok(Array.isArray(ids) && ids.length === SEARCH_NARROW + 100);
    assert.deepEqual(await countQueue(t.db, open, { staffId: subjectId, today: today() }), {
      count: SEARCH_NARROW + 100,
      more: false,
    });
    // For one page, the database keeps only what the page holds, and the number of all of them.
    const window = await findQueueMatches(t.db, open, { staffId: subjectId, today: today(), page: {} });
    assert.deepEqual(window, { window: ids.slice(0, 51), total: SEARCH_NARROW + 100 });
    assert.deepEqual(await countQueue(t.db, open, { staffId: subjectId, today: today(), matches: window }), {
      count: SEARCH_NARROW + 100,
      more: false,
    });
    for (const sort of ['due', '-registered', 'type'] as const) {
      const paged = await walk({ q: 'Өтінішұл', sort }, 250);
      const order = { due: 'due_at, id', '-registered': 'registered_at desc, id desc', type: 'type, due_at, id' };
      assert.deepEqual(paged.forwards, await expected(order[sort], sql`reference like '2034-%'`), sort);
      assert.deepEqual(paged.backwards, paged.forwards, sort);
    }
  });

  test("[QUEUE] the open queue finds a request by its subject's name and address as they are now: renamed, readdressed, erased", async () => {
    const [person] = await t.db
      .insert(subjects)
      .values({ email: 'renamed.person@example.kz', fullName: 'Әсел Бұрынғықызы', locale: 'kk' })
      .returning();
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at, completed_at)
      values ('2039-000001', ${person!.id}, 'RECTIFY', 'REGISTERED', now(), now(), 1, now() + interval '2 days',
              now() + interval '2 days', null),
             ('2039-000002', ${person!.id}, 'ACCESS', 'COMPLETED', now() - interval '9 days', now() - interval '9 days',
              3, now() - interval '5 days', now() - interval '5 days', now() - interval '6 days')`);
    const found = async (q: string, state = 'open') =>
      (await pageOf({ q, state }, 50)).rows.map((row) => row.reference).filter((r) => r.startsWith('2039-'));
    assert.deepEqual(await found('Бұрынғы'), ['2039-000001'], 'the open request, not the closed one');
    assert.deepEqual(await found('renamed.person@example.kz'), ['2039-000001']);
    assert.deepEqual(await found('бұрынғықызы renamed'), [], 'a search never spans the name and the address');
    // Art. 14: the name rectified.
    await t.db.execute(sql`update subjects set full_name = 'Әсел Жаңақызы' where id = ${person!.id}`);
    assert.deepEqual(await found('Жаңақызы'), ['2039-000001']);
    assert.deepEqual(await found('Бұрынғы'), [], 'the old name finds nothing');
    assert.deepEqual(
      await found('Жаңақызы', 'all'),
      ['2039-000002', '2039-000001'],
      'over every state, newest due last',
    );
    await t.db.execute(sql`update subjects set email = 'new.address@example.kz' where id = ${person!.id}`);
    assert.deepEqual(await found('new.address@'), ['2039-000001']);
    assert.deepEqual(await found('renamed.person'), []);
    // A request filed after the change carries the subject's text as it is.
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at)
      values ('2039-000003', ${person!.id}, 'BLOCK', 'REGISTERED', now(), now(), 1, now() + interval '3 days',
              now() + interval '3 days')`);
    assert.deepEqual(await found('жаңақызы'), ['2039-000001', '2039-000003']);
    assert.deepEqual(await found('ӘСЕЛ ЖАҢАҚЫЗЫ'), ['2039-000001', '2039-000003'], 'Kazakh capitals');
    assert.deepEqual(await found('NEW.Address@EXAMPLE.kz'), ['2039-000001', '2039-000003'], 'the address in any case');
    // The copy cannot be written to anything else than the subject's text.
    await t.db.execute(sql`update requests set subject_search = 'Someone Else' where reference = '2039-000003'`);
    assert.deepEqual(await found('Someone Else'), []);
    // Art. 18: the name and address destroyed, the copy with them.
    await t.db.execute(sql`update subjects set full_name = null, email = null where id = ${person!.id}`);
    const [left] = (await t.db.execute(sql`
      select count(*)::int as n from requests where subject_id = ${person!.id} and subject_search <> ''`)) as unknown as [
      { n: number },
    ];
    assert.equal(left.n, 0);
  });
});

describe('[QUEUE] overdue, newest registered first: the redundant bound on registration (issue 15)', () => {
  test('[QUEUE] Art. 25(2): a request due a microsecond before now is overdue and listed, one due at now is not, every page in order', async () => {
    const now = new Date('2033-06-01T12:00:00.000Z');
    // The shortest span among open requests (one hour) sets the bound: registered before now - 1 h.
    // A closed request with a shorter span must not tighten it (it is not in the view).
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at, completed_at)
      values
        -- due one microsecond before now, registered exactly one hour before that: at the bound, inside
        ('2035-000001', ${subjectId}, 'RECTIFY', 'REGISTERED', '2033-06-01T10:59:59.999999Z', '2033-06-01T10:59:59.999999Z', 1,
         '2033-06-01T11:59:59.999999Z', '2033-06-01T11:59:59.999999Z', null),
        -- due exactly now (not overdue: due_at < now), registered exactly now - 1 h: at the bound, outside
        ('2035-000002', ${subjectId}, 'RECTIFY', 'REGISTERED', '2033-06-01T11:00:00Z', '2033-06-01T11:00:00Z', 1,
         '2033-06-01T12:00:00Z', '2033-06-01T12:00:00Z', null),
        -- a long term, overdue by a day: far below the bound, inside
        ('2035-000003', ${subjectId}, 'WITHDRAW', 'IN_PROGRESS', '2033-05-01T12:00:00Z', '2033-05-01T12:00:00Z', 15,
         '2033-05-31T12:00:00Z', '2033-05-31T12:00:00Z', null),
        -- registered before the bound but still within its term: outside
        ('2035-000004', ${subjectId}, 'WITHDRAW', 'IN_PROGRESS', '2033-05-25T12:00:00Z', '2033-05-25T12:00:00Z', 15,
         '2033-06-10T12:00:00Z', '2033-06-10T12:00:00Z', null),
        -- closed, with a ten-minute span, due before now: not in the view, and not shortening the bound
        ('2035-000005', ${subjectId}, 'RECTIFY', 'COMPLETED', '2033-06-01T11:30:00Z', '2033-06-01T11:30:00Z', 1,
         '2033-06-01T11:40:00Z', '2033-06-01T11:40:00Z', '2033-06-01T11:35:00Z')`);
    const fixed = kazakhstanToday(now);
    const { filters } = parseQueueQuery({ sort: '-registered', overdue: '1' });
    const pages = await all({ sort: '-registered', overdue: '1' }, 7, fixed);
    assert.deepEqual(
      pages,
      await expected('registered_at desc, id desc', sql`is_open and due_at < ${now.toISOString()}::timestamptz`),
    );
    const ours = pages.filter((reference) => reference.startsWith('2035-'));
    assert.deepEqual(ours, ['2035-000001', '2035-000003']);
    const count = await countQueue(t.db, filters, { staffId: subjectId, today: fixed });
    assert.deepEqual(count, { count: pages.length, more: false });
  });

  test("[QUEUE] Art. 25(2): with mixed terms each type's bound is its own shortest term; every overdue view lists exactly the overdue, in order", async () => {
    const now = new Date('2033-06-01T12:00:00.000Z');
    // WITHDRAW's shortest open span here is 16 days (2035-000004): its bound is now - 16 days, where
    // the bound of all types is now - 1 h (RECTIFY). Each at its own type's bound, a microsecond
    // overdue (inside) and due exactly now (outside).
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at, assignee_id)
      values
        ('2036-000001', ${subjectId}, 'WITHDRAW', 'EXTENDED', '2033-05-16T11:59:59.999999Z', '2033-05-16T11:59:59.999999Z', 15,
         '2033-06-01T11:59:59.999999Z', '2033-06-01T11:59:59.999999Z', null),
        ('2036-000002', ${subjectId}, 'WITHDRAW', 'REGISTERED', '2033-05-16T12:00:00Z', '2033-05-16T12:00:00Z', 15,
         '2033-06-01T12:00:00Z', '2033-06-01T12:00:00Z', null),
        ('2036-000003', ${subjectId}, 'ACCESS', 'REGISTERED', '2033-05-27T12:00:00Z', '2033-05-27T12:00:00Z', 3,
         '2033-06-01T11:00:00Z', '2033-06-01T11:00:00Z', null),
        ('2036-000004', ${subjectId}, 'ACCESS', 'IN_PROGRESS', '2033-05-30T12:00:00Z', '2033-05-30T12:00:00Z', 3,
         '2033-06-02T12:00:00Z', '2033-06-02T12:00:00Z', null)`);
    const fixed = kazakhstanToday(now);
    for (const type of [null, 'WITHDRAW', 'ACCESS', 'RECTIFY'] as const) {
      for (const sort of ['-registered', 'registered', 'due'] as const) {
        const query = { sort, overdue: '1', ...(type ? { type } : {}) };
        // And back with Previous from the last page to the first: the same rows, the same pages.
        const { forwards: pages, backwards: back } = await walk(query, 3, fixed);
        assert.deepEqual(new Set(back), new Set(pages), `${type ?? 'all types'}, ${sort}, back`);
        const order = {
          '-registered': 'registered_at desc, id desc',
          registered: 'registered_at, id',
          due: 'due_at, id',
        };
        assert.deepEqual(
          pages,
          await expected(
            order[sort],
            sql`is_open and due_at < ${now.toISOString()}::timestamptz and (${type}::request_type is null or type = ${type}::request_type)`,
          ),
          `${type ?? 'all types'}, ${sort}`,
        );
        const ours = pages.filter((reference) => reference.startsWith('2036-')).sort();
        if (type === 'WITHDRAW' || type === null) assert.ok(ours.includes('2036-000001'));
        if (type === 'ACCESS' || type === null) assert.ok(ours.includes('2036-000003'));
        assert.ok(!ours.includes('2036-000002') && !ours.includes('2036-000004'));
      }
    }
  });

  test('[QUEUE] Art. 25(2): overdue newest first holds a later registration due earlier (a shortened term) and a short term due before the exact due times', async () => {
    const now = new Date('2034-03-01T12:00:00.000Z');
    // BLOCK: a request registered late but due early, as a term shortened by a new policy makes it
    // (the latest due time's own registration is not the bound), and one still within its term.
    // DESTROY: requests due on six days before now, the latest five registered a month before
    // their due time; the sixth, due before the five due times read exactly, registered an hour
    // before its due time (the shortest span: the bound beyond the exact due times comes from it).
    await t.db.execute(sql`
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                            due_at, original_due_at)
      select '2037-' || lpad(n::text, 6, '0'), ${subjectId}, type::request_type, 'REGISTERED', r, r, 1, d, d
      from (values
        (1, 'BLOCK', '2034-02-27T09:00:00Z'::timestamptz, '2034-02-28T18:00:00Z'::timestamptz),
        (2, 'BLOCK', '2034-02-28T10:00:00Z', '2034-02-28T17:00:00Z'),
        (3, 'BLOCK', '2034-02-28T11:00:00Z', '2034-03-02T18:00:00Z'),
        (4, 'DESTROY', '2034-01-28T18:00:00Z', '2034-02-28T18:00:00Z'),
        (5, 'DESTROY', '2034-01-27T18:00:00Z', '2034-02-27T18:00:00Z'),
        (6, 'DESTROY', '2034-01-26T18:00:00Z', '2034-02-26T18:00:00Z'),
        (7, 'DESTROY', '2034-01-25T18:00:00Z', '2034-02-25T18:00:00Z'),
        (8, 'DESTROY', '2034-01-24T18:00:00Z', '2034-02-24T18:00:00Z'),
        (9, 'DESTROY', '2034-02-23T17:00:00Z', '2034-02-23T18:00:00Z'),
        (10, 'DESTROY', '2034-02-20T10:00:00Z', '2034-03-01T12:00:00Z')
      ) as v(n, type, r, d)`);
    const fixed = kazakhstanToday(now);
    const overdue = {
      all: [
        '2037-000002',
        '2037-000001',
        '2037-000009',
        '2037-000004',
        '2037-000005',
        '2037-000006',
        '2037-000007',
        '2037-000008',
      ],
      BLOCK: ['2037-000002', '2037-000001'],
      DESTROY: ['2037-000009', '2037-000004', '2037-000005', '2037-000006', '2037-000007', '2037-000008'],
    };
    for (const type of [null, 'BLOCK', 'DESTROY'] as const) {
      const query = { sort: '-registered', overdue: '1', ...(type ? { type } : {}) };
      const pages = await all(query, 50, fixed);
      assert.deepEqual(
        pages,
        await expected(
          'registered_at desc, id desc',
          sql`is_open and due_at < ${now.toISOString()}::timestamptz and (${type}::request_type is null or type = ${type}::request_type)`,
        ),
        type ?? 'all types',
      );
      const ours = pages.filter((reference) => reference.startsWith('2037-'));
      assert.deepEqual(ours, overdue[type ?? 'all'], type ?? 'all types');
    }
  });
});
