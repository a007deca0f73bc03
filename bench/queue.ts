import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { findQueuePage } from '@/db/queries/queue';
import { parseQueueFilters } from '@/lib/backoffice/queue-filters';
import { kazakhstanToday } from '@/lib/deadlines/due';
import { removeEmbeddedCluster, startEmbeddedPostgres } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import { seedReferenceData } from '@/db/seed/reference';

/**
 * `npm run bench`: the request queue with a million requests (PRODUCT.md, "Fast at scale"). It
 * fills a throwaway embedded PostgreSQL server, then times, in the same run, the queue's keyset
 * pages against the OFFSET pages they replace, and reports ratios (absolute times vary by machine).
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const SUBJECTS = 100_000;
const RUNS = 20;

async function time(run: () => Promise<unknown>): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function main() {
  const dir = path.resolve('.data/bench-postgres');
  removeEmbeddedCluster(dir);
  const server = await startEmbeddedPostgres({ dataDir: dir, database: 'bench' });
  const client = postgres(server.url, { max: 2, onnotice: () => {} });
  const db = drizzle(client, { casing: 'snake_case' });
  try {
    await migrateDatabase(server.url);
    await seedReferenceData(db);
    console.log(`filling: ${SUBJECTS} subjects, ${REQUESTS} requests…`);
    await client.unsafe(`
      insert into subjects (email, full_name, locale)
      select 'bench' || g || '@example.kz', 'Subject ' || g, 'kk' from generate_series(1, ${SUBJECTS}) g;
      insert into requests (reference, subject_id, type, state, registered_at, deadline_from, deadline_working_days, due_at, original_due_at, completed_at,
                            refusal_reason_code, refusal_legal_basis, refusal_text)
      select (2000 + g / 100000)::text || '-' || lpad((g % 100000)::text, 6, '0'),
             s.id,
             (array['ACCESS','RECTIFY','BLOCK','DESTROY','WITHDRAW','PUBLIC_REMOVE','OBJECT_AUTO'])[1 + g % 7]::request_type,
             st.state,
             now() - (g % 700) * interval '1 day',
             now() - (g % 700) * interval '1 day',
             3,
             now() - (g % 700) * interval '1 day' + interval '3 days',
             now() - (g % 700) * interval '1 day' + interval '3 days',
             case when st.state in ('COMPLETED','REFUSED') then now() - (g % 700) * interval '1 day' + interval '1 day' end,
             case when st.state = 'REFUSED' then 'no_grounds' end,
             case when st.state = 'REFUSED' then 'Law No. 94-V, Art. 24(1)' end,
             case when st.state = 'REFUSED' then 'No grounds.' end
      from generate_series(1, ${REQUESTS}) g
      join lateral (select id from subjects where email = 'bench' || (1 + g % ${SUBJECTS}) || '@example.kz') s on true
      cross join lateral (select (case when g % 10 < 8 then 'COMPLETED' when g % 10 = 8 then 'REFUSED' else 'IN_PROGRESS' end)::request_state as state) st;
      analyze;`);

    const staffId = '00000000-0000-0000-0000-000000000000';
    const all = parseQueueFilters({ state: 'all' });
    const open = parseQueueFilters({});
    let cursor: string | null = null;
    // Walk to a page deep in the queue, as an agent paging far would.
    const deepAt =
      await client`select due_at, id from requests order by due_at, id offset ${Math.floor(REQUESTS / 2)} limit 1`;
    const deep = { dueAt: new Date(deepAt[0]!.due_at as string).toISOString(), id: deepAt[0]!.id as string };
    const offsetPage = (offset: number) => client`
      select r.id from requests r join subjects s on s.id = r.subject_id order by r.due_at, r.id offset ${offset} limit 50`;

    const results = {
      firstPage: await time(() => findQueuePage(db, all, { today: kazakhstanToday(), staffId })),
      deepKeyset: await time(() => findQueuePage(db, all, { today: kazakhstanToday(), staffId, after: deep })),
      deepOffset: await time(() => offsetPage(Math.floor(REQUESTS / 2))),
      openFirst: await time(async () => {
        cursor = (await findQueuePage(db, open, { today: kazakhstanToday(), staffId })).next;
      }),
      search: await time(() =>
        findQueuePage(db, parseQueueFilters({ q: '2005-000500', state: 'all' }), { today: kazakhstanToday(), staffId }),
      ),
    };
    console.log(`cursor sample: ${cursor}`);
    console.log(`median of ${RUNS} runs, ${REQUESTS} requests:`);
    for (const [name, ms] of Object.entries(results)) console.log(`  ${name.padEnd(12)} ${ms.toFixed(2)} ms`);
    console.log(`ratio deep page / first page (keyset): ${(results.deepKeyset / results.firstPage).toFixed(2)}`);
    console.log(`ratio deep page OFFSET / keyset:       ${(results.deepOffset / results.deepKeyset).toFixed(1)}`);
  } finally {
    await client.end();
    await server.stop();
    removeEmbeddedCluster(dir);
  }
}

void main();
