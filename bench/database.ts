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
    /** The server's address, for a bench that opens a pool of its own (bench/writes.ts). */
    url: server.url,
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
 * `perSubject` data items for every subject of `bench_subjects` (fillSubjects first), in the
 * inventory's categories in turn, each linked to the inventory's first purpose: what a
 * RECTIFY, a BLOCK and an ACCESS statement read and change (bench/writes.ts).
 */
export async function fillItems(client: Sql, perSubject: number): Promise<void> {
  await client.unsafe(`
    create temporary table bench_categories as
      select id, code, row_number() over (order by code) - 1 as k from data_categories;
    insert into data_items (subject_id, category_id, value, source, method)
    select s.id, c.id, c.code || ' of ' || s.n || '.' || g, 'subject', 'manual'
    from bench_subjects s
    cross join generate_series(0, ${perSubject - 1}) g
    join bench_categories c on c.k = g % (select count(*) from bench_categories);
    insert into data_item_purposes (data_item_id, purpose_id)
    select i.id, (select id from purposes order by code limit 1)
    from data_items i join bench_subjects s on s.id = i.subject_id
    on conflict do nothing;`);
}
