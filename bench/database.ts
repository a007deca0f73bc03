import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import { removeEmbeddedCluster, startEmbeddedPostgres } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import type { Db } from '@/db';
import { seedReferenceData } from '@/db/seed/reference';
import { seedDemoData } from '@/db/seed/demo';

/** A statement as it was sent, to EXPLAIN it exactly so. */
export type SentStatement = { query: string; params: unknown[] };

/**
 * A throwaway embedded PostgreSQL for a query benchmark (bench/queue.ts, bench/audit-search.ts),
 * migrated, with one connection that forces generic plans — what a prepared statement gets after
 * its fifth run in the portal, and the plan a partial index must survive — and remembers the last
 * statement it sent. `close` stops the server and removes its folder.
 */
export async function openQueryBench(folder: string) {
  const dir = path.resolve('.data', folder);
  removeEmbeddedCluster(dir);
  const server = await startEmbeddedPostgres({ dataDir: dir, database: 'bench' });
  let last: SentStatement | null = null;
  const recent: SentStatement[] = [];
  const client = postgres(server.url, {
    max: 1,
    onnotice: () => {},
    connection: { plan_cache_mode: 'force_generic_plan' },
    debug: (_connection, query, params) => {
      last = { query, params: params as unknown[] };
      recent.push(last);
      if (recent.length > 10) recent.shift();
    },
  });
  const db = drizzle(client, { casing: 'snake_case' });
  // Granted to the application role too, so a portal started on it connects as in production.
  await migrateDatabase(server.url, server.appUrl);
  return {
    /** The owner (migrations, fills) and the application role (what the portal connects as). */
    url: server.url,
    appUrl: server.appUrl,
    client,
    db,
    lastSent: (): SentStatement | null => last,
    /** The last statement sent that `matches`: the query of a function that also sends others (a transaction's). */
    lastSentLike: (matches: RegExp): SentStatement | null => recent.findLast((s) => matches.test(s.query)) ?? null,
    close: async () => {
      await client.end();
      await server.stop();
      removeEmbeddedCluster(dir);
    },
  };
}

/**
 * `count` subjects with names drawn from common Kazakh and Russian ones (one surname in ten, so a
 * name search has common and rare matches), and `bench_subjects (id, n)` numbering them 1..count,
 * a temporary table of this connection for the bench's own rows to pick subjects from.
 */
export async function fillSubjects(client: Sql, count: number): Promise<void> {
  await client.unsafe(`
    insert into subjects (email, full_name, locale, external_id)
    select 'bench' || g || '@example.kz',
           (array['Серікбаев','Ахметова','Иванов','Ким','Жұмабаев','Смагулова','Петрова','Нұрланов','Омарова','Ли'])[1 + g % 10]
             || ' ' || (array['Айгерім','Нұрлан','Асель','Ерлан','Дмитрий','Анна','Мария','Ержан','Гүлнара','Серік',
                             'Данияр','Әсел','Олег','Зарина','Тимур','Алия','Максим','Жанна','Бекзат','Ольга'])[1 + (g / 10) % 20]
             || ' ' || g,
           'kk', 'B' || g
    from generate_series(1, ${count}) g;
    create temporary table bench_subjects as select id, row_number() over () as n from subjects;
    create index on bench_subjects (n);`);
}

/** The value at share `p` (0.5: the median) of samples sorted in ascending order. */
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN;

/**
 * `run` timed `runs` times after five warm-up runs (past a prepared statement's five custom plans,
 * so what is timed is the plan the server keeps): median, 95th percentile and slowest, in ms.
 */
export async function timeRuns(run: () => Promise<unknown>, runs: number) {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), max: samples[runs - 1]! };
}

/** Times `work` and prints how long it took, so a long fill at 1M shows where its minutes go. */
export async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * Requests are stored in the order they were registered, as a table written to over years keeps
 * them: the open, recent ones together at its end (from round 16 of bench/RESULTS.md on).
 * BENCH_DRAW_ORDER=1 stores them in the order of the fill's random draws instead, one open request on
 * nearly every page of the table: the layout rounds 1-15 were measured on. Round 15 says what the
 * layout changes: counting the open requests reads 2,705 pages instead of 21,929, and the planner
 * prices each index's reads by how the table follows it (round 16: the queue's view of one type).
 */
const CHRONOLOGICAL = process.env.BENCH_DRAW_ORDER !== '1';

/**
 * `count` requests shaped like a real operator's history, over the subjects of `bench_subjects`
 * (fillSubjects) numbered 1..`subjects`: closed requests old (registered one to three years back),
 * open ones recent, 12% open, a third assigned among ten agents (users `agent-1` … `agent-10`).
 * The closed ones end as a history does: 85% completed, 10% refused, and the rarer ends too, 3%
 * withdrawn by their subject, 1.5% partially completed, 0.5% forwarded (a view of one of those must
 * not walk the history to find it).
 * Each type is due its own term (the default deadline policies, db/seed/reference.ts: ACCESS and
 * OBJECT_AUTO 3 working days, WITHDRAW 15, RECTIFY, BLOCK, DESTROY and PUBLIC_REMOVE 1), counted
 * in working days (weekends skipped) to the end of the day in Kazakhstan; an open request was
 * registered within its term and a week past it, so a share of each type is overdue; one EXTENDED
 * request in twenty (one open request in a hundred) is due ten working days later than its term
 * (the statute allows these types no extension: db/seed/reference.ts; a policy may only shorten
 * it) (issue 15: with every request given the same span, a bound on "overdue" that only mixed terms
 * defeat looked sound). Each trait is drawn independently with a fixed seed, so runs compare and no
 * accidental correlation appears. Ends with ANALYZE of what it filled.
 */
export async function fillRequests(client: Sql, count: number, subjects: number): Promise<void> {
  await client.unsafe(`
    insert into users (id, name, email, role)
    select 'agent-' || g, 'Agent ' || g, 'agent' || g || '@bench.kz', 'agent' from generate_series(1, 10) g;
    -- Each request's traits drawn independently (a fixed seed, so runs compare): no accidental
    -- correlation between type, assignee, state and age, as a modulo-built table would have.
    select setseed(0.42);
    create temporary table bench_draws as
      select g, random() as open, random() as kind, random() as assigned, random() as agent, random() as age,
             random() as state, random() as who
      from generate_series(1, ${count}) g;
    insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days,
                          due_at, original_due_at, extension_reason, completed_at, assignee_id,
                          refusal_reason_code, refusal_legal_basis, refusal_text)
    select (2020 + d.g / 200000)::text || '-' || lpad((d.g % 200000)::text, 6, '0'),
           s.id, k.type, x.state, o.registered, o.registered, k.days + x.extension, due.at, due.original,
           case when x.extension > 0 then 'More time is needed.' end,
           case when o.open then null else o.registered + interval '2 days' end,
           case when d.assigned < 1.0 / 3 then 'agent-' || (1 + floor(d.agent * 10)::int) end,
           case when x.state = 'REFUSED' then 'no_grounds' end,
           case when x.state = 'REFUSED' then 'Law No. 94-V, Art. 24(1)' end,
           case when x.state = 'REFUSED' then 'No grounds.' end
    from bench_draws d
    join bench_subjects s on s.n = 1 + floor(d.who * ${subjects})::int
    cross join lateral (
      select t.type::request_type as type, t.days
      from (values ('ACCESS', 3), ('RECTIFY', 1), ('BLOCK', 1), ('DESTROY', 1), ('WITHDRAW', 15),
                   ('PUBLIC_REMOVE', 1), ('OBJECT_AUTO', 3)) as t(type, days)
      offset floor(d.kind * 7)::int limit 1
    ) k
    cross join lateral (
      -- open: registered within its term (weekends included) and a week past it;
      -- closed: registered one to three years ago.
      select d.open < 0.12 as open,
             case when d.open < 0.12 then now() - d.age * ((k.days * 7 / 5 + 1 + 7) * interval '1 day')
                  else now() - interval '1 year' - d.age * interval '730 days' end as registered
    ) o
    cross join lateral (
      select (case when o.open then (array['REGISTERED','IN_PROGRESS','AWAITING_INFO','EXTENDED','EXECUTING'])[1 + floor(d.state * 5)::int]
                   when d.state < 0.1 then 'REFUSED' when d.state < 0.13 then 'WITHDRAWN'
                   when d.state < 0.145 then 'PARTIALLY_COMPLETED' when d.state < 0.15 then 'FORWARDED'
                   else 'COMPLETED' end)::request_state as state,
             case when o.open and floor(d.state * 5)::int = 3 and d.age * 20 - floor(d.age * 20) < 0.05 then 10 else 0 end as extension
    ) x
    cross join lateral (
      -- n working days after the registration's day, at that day's last millisecond in Kazakhstan,
      -- as computeDueAt (lib/deadlines/due.ts) writes it: each full week of five working days adds
      -- seven days, and the days left skip a weekend they cross. A request registered on a
      -- Saturday or a Sunday counts as one registered on the Friday before: its first day is the
      -- Monday (APPK Art. 76(2), reference §3). Counted on Almaty's wall clock (UTC+6 before March
      -- 2024, UTC+5 since, as the zone's rules say), so a share of the open requests falls due
      -- today as the queue's "due today" reads it.
      select (w.day_end + ((k.days + x.extension) / 5 * 7 + w.rest_ext) * interval '1 day') at time zone 'Asia/Almaty' as at,
             (w.day_end + (k.days / 5 * 7 + w.rest) * interval '1 day') at time zone 'Asia/Almaty' as original
      from (
        select f.day_end, (k.days % 5) + case when f.dow + k.days % 5 > 5 then 2 else 0 end as rest,
               ((k.days + x.extension) % 5) + case when f.dow + (k.days + x.extension) % 5 > 5 then 2 else 0 end
                 as rest_ext
        from (
          select date_trunc('day', l.local) + interval '1 day' - interval '1 millisecond'
                   - greatest(extract(isodow from l.local)::int - 5, 0) * interval '1 day' as day_end,
                 least(extract(isodow from l.local)::int, 5) as dow
          from (select o.registered at time zone 'Asia/Almaty' as local) l
        ) f
      ) w
    ) due
    ${CHRONOLOGICAL ? 'order by o.registered' : ''};
    drop table bench_draws;
    analyze requests, users, subjects;`);
}

/**
 * What a real operator's requests leave behind, for every request of the table: the item it names
 * (the subject's first, where the subject has items), its 'filed' event, and two e-mails to the
 * subject (its filing and its answer; bodies shorter than real ones, the rows as many). Without
 * them those tables held only the benchmark's own few rows, and a statement that scanned one of
 * them looked as cheap as an index lookup (the e-mails' scrub, migration 0035).
 */
export async function fillRequestHistory(client: Sql): Promise<void> {
  // Statistics first: without them the planner may choose a plan that reads far more than each
  // request's first item (at a million, one run was still in this statement after 13 minutes; the
  // whole fill usually takes ten).
  await client.unsafe(`
    analyze requests, data_items;
    insert into request_items (request_id, data_item_id, category_id, proposed_value)
    select r.id, d.id, d.category_id, case when r.type = 'RECTIFY' then 'corrected' end from requests r
    cross join lateral (select i.id, i.category_id from data_items i where i.subject_id = r.subject_id order by i.id limit 1) d
    where r.type in ('RECTIFY', 'BLOCK', 'DESTROY');
    insert into request_events (request_id, at, kind, visibility) select id, registered_at, 'filed', 'subject' from requests;
    insert into outgoing_emails (kind, to_address, locale, subject, text_body, html_body, state, sent_at, subject_id, request_id, created_at)
    select k.kind, 'subject-' || r.subject_id || '@bench.kz', 'kk', 'Өтініш ' || r.reference, repeat('Мәтін ', 40),
           repeat('<p>Мәтін</p>', 40), 'sent', r.registered_at, r.subject_id, r.id, r.registered_at
    from requests r cross join (values ('request_filed'), ('request_executed')) k(kind);
    analyze request_items, request_events, outgoing_emails;`);
}

/**
 * `perSubject` data items for every subject of `bench_subjects` (the inventory's categories in turn,
 * each item held for one of the purposes the inventory lists for its category), in two set-based
 * statements.
 */
export async function fillDataItems(client: Sql, perSubject: number): Promise<void> {
  await client.unsafe(`
    create temporary table bench_categories as
      select c.id as category_id,
             (select pc.purpose_id from purpose_categories pc where pc.category_id = c.id order by pc.purpose_id limit 1) as purpose_id,
             row_number() over (order by c.code) - 1 as k
      from data_categories c;
    -- uuidv7 (time-ordered) ids: ten million appended to the primary key's index, not scattered over it.
    insert into data_items (id, subject_id, category_id, value, source, method, collected_at)
    select uuidv7(), s.id, c.category_id, 'B' || s.n || '-' || c.k, 'operator', 'automated',
           now() - interval '3 years' + (s.n % 1000) * interval '1 day'
    from bench_subjects s
    cross join generate_series(0, ${perSubject} - 1) i
    -- More items than categories: a category again (a second phone, an older address), as people have.
    join bench_categories c on c.k = i % (select count(*) from bench_categories);
    insert into data_item_purposes (data_item_id, purpose_id)
    select d.id, c.purpose_id from data_items d join bench_categories c using (category_id)
    where c.purpose_id is not null
    on conflict do nothing;`);
}

/**
 * The whole scale for the page benchmark (bench/run.ts): the reference data and the demo operator
 * (its profile, inventory, staff, notice and its few subjects), then `requests` subjects with
 * `itemsPerSubject` data items each and `requests` requests over them (fillRequests). Each phase
 * prints its time. Ends with ANALYZE, as a real database's autovacuum would have.
 */
export async function fillScale(
  db: Db,
  client: Sql,
  { requests, itemsPerSubject = 10 }: { requests: number; itemsPerSubject?: number },
): Promise<void> {
  await phase('reference data and the demo operator', () =>
    db.transaction(async (tx) => {
      await seedReferenceData(tx);
      await seedDemoData(tx);
    }),
  );
  await phase(`${requests.toLocaleString('en')} subjects`, () => fillSubjects(client, requests));
  await phase(`${(requests * itemsPerSubject).toLocaleString('en')} data items and their purposes`, () =>
    fillDataItems(client, itemsPerSubject),
  );
  await phase(`${requests.toLocaleString('en')} requests`, () => fillRequests(client, requests, requests));
  await phase('their items, timelines and e-mails', () => fillRequestHistory(client));
  await phase('analyze and checkpoint', () => settleFill(client));
}

/**
 * After a fill: statistics for the planner, and a checkpoint, so that the bulk load is written back
 * before anything is timed (a write or a page measured while it is, pays for it).
 */
export async function settleFill(client: Sql): Promise<void> {
  await client.unsafe('analyze; checkpoint');
}
