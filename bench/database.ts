import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import { removeEmbeddedCluster, startEmbeddedPostgres } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';

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
  await migrateDatabase(server.url);
  return {
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

/**
 * `count` requests shaped like a real operator's history, over the first `subjects` subjects of
 * fillSubjects: closed requests old (1 to 3 years back), open ones recent (the last three weeks, some
 * overdue), 12% open, a third of them assigned among ten agents (users `agent-1`…`agent-10`), each
 * trait drawn independently with a fixed seed so runs compare. Ends with ANALYZE.
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
                          due_at, original_due_at, completed_at, assignee_id,
                          refusal_reason_code, refusal_legal_basis, refusal_text)
    select (2020 + d.g / 200000)::text || '-' || lpad((d.g % 200000)::text, 6, '0'),
           s.id,
           (array['ACCESS','RECTIFY','BLOCK','DESTROY','WITHDRAW','PUBLIC_REMOVE','OBJECT_AUTO'])[1 + floor(d.kind * 7)::int]::request_type,
           x.state, x.registered, x.registered, 3, x.due, x.due,
           case when x.open then null else x.registered + interval '2 days' end,
           case when d.assigned < 1.0 / 3 then 'agent-' || (1 + floor(d.agent * 10)::int) end,
           case when x.state = 'REFUSED' then 'no_grounds' end,
           case when x.state = 'REFUSED' then 'Law No. 94-V, Art. 24(1)' end,
           case when x.state = 'REFUSED' then 'No grounds.' end
    from bench_draws d
    join bench_subjects s on s.n = 1 + floor(d.who * ${subjects})::int
    cross join lateral (
      -- open: registered in the last three weeks, due five days later (a share overdue);
      -- closed: registered one to three years ago.
      select d.open < 0.12 as open,
             case when d.open < 0.12 then now() - d.age * interval '21 days'
                  else now() - interval '1 year' - d.age * interval '730 days' end as registered
    ) o
    cross join lateral (
      select o.open, o.registered, o.registered + interval '5 days' as due,
             (case when o.open then (array['REGISTERED','IN_PROGRESS','AWAITING_INFO','EXTENDED','EXECUTING'])[1 + floor(d.state * 5)::int]
                   when d.state < 0.1 then 'REFUSED' else 'COMPLETED' end)::request_state as state
    ) x;
    analyze;`);
}
