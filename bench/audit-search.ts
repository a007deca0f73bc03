import { performance } from 'node:perf_hooks';
import { searchAuditEvents } from '@/db/queries/audit';
import { parseAuditFilters } from '@/lib/audit/filters';
import { fillSubjects, openQueryBench } from './database';

/**
 * `npx tsx bench/audit-search.ts [N]`: the audit trail searched by a subject's name (issue 14,
 * point 11) at a real operator's scale. On a throwaway embedded PostgreSQL: 200,000 subjects whose
 * names repeat as real ones do (the queue bench's names) and N audit events (default 2,000,000),
 * nine in ten about a subject. Each search is timed and EXPLAINed as the server runs it, first
 * with generic plans (the worst case), then as the server chooses (auto). Measured on 2M events
 * (2026-12-01, two shared cores): with auto, a rare name starts from subjects_full_name_trgm and
 * reads events through audit_events (subject_id, id), ~10-25 ms; a common one ("Ахметова", one
 * subject in ten) walks audit_events_pkey backwards and stops at 100 rows (~1,100 events read),
 * ~12-50 ms. A generic plan cannot use the trigram index for a pattern it does not know: it scans
 * the 200,000 names (0.3-2 s); PostgreSQL keeps to custom plans here because they cost less.
 */
const EVENTS = Number(process.argv[2] ?? 2_000_000);
const SUBJECTS = 200_000;
const RUNS = 20;

async function main() {
  const { client, db, lastSent, close } = await openQueryBench('bench-audit');
  try {
    const started = performance.now();
    console.log(`filling: ${SUBJECTS.toLocaleString('en')} subjects, ${EVENTS.toLocaleString('en')} audit events…`);
    await fillSubjects(client, SUBJECTS);
    // The chain's trigger is for the portal's writes; a bench fills the table directly (replica role).
    await client.unsafe(`
      set session_replication_role = replica;
      select setseed(0.42);
      insert into audit_events (id, at, actor_role, subject_id, action, entity_type, hash)
      select g, now() - (${EVENTS} - g) * interval '10 seconds', 'agent',
             case when r < 0.9 then s.id end, 'data_viewed', 'subject', repeat('0', 64)
      from (select g, random() as r, random() as who from generate_series(1, ${EVENTS}) g) d
      left join bench_subjects s on s.n = 1 + floor(d.who * ${SUBJECTS})::int;
      set session_replication_role = origin;
      analyze;`);
    console.log(`filled in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

    const searches: [string, string][] = [
      ['one person (full name)', 'Серікбаев Айгерім 10'],
      ['one person, lower case', 'серікбаев айгерім 10'],
      ['a rare part (number)', '12345'],
      ['a surname (1 in 10)', 'Ахметова'],
      ['a Kazakh first name, lower case', 'гүлнара'],
      ['two letters', 'Ли'],
      ['no one', 'Такогоимени'],
    ];
    // The worst case first (a prepared statement's generic plan, the pattern unknown), then what
    // the server does by itself (auto: custom plans while they are cheaper than the generic one).
    for (const mode of ['force_generic_plan', 'auto']) {
      await client.unsafe(`set plan_cache_mode = ${mode}`);
      console.log(`=== plan_cache_mode = ${mode}\n`);
      for (const [name, subject] of searches) {
        const filters = parseAuditFilters(new URLSearchParams({ subject }));
        const run = () => searchAuditEvents(db, filters);
        for (let i = 0; i < 5; i++) await run();
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const start = performance.now();
          await run();
          samples.push(performance.now() - start);
        }
        samples.sort((a, b) => a - b);
        const rows = await run();
        const sent = lastSent();
        const args = sent!.params.map((value) => `'${String(value).replaceAll("'", "''")}'`).join(', ');
        // EXPLAIN the statement as the server plans it after the warm-up runs: prepared, run five times.
        await client.unsafe(`prepare bench_search as ${sent!.query}`);
        for (let i = 0; i < 5; i++) await client.unsafe(`execute bench_search(${args})`);
        const plan = await client.unsafe(`explain (analyze, costs off) execute bench_search(${args})`);
        await client.unsafe('deallocate bench_search');
        console.log(
          `${name} ("${subject}"): ${rows.length} rows, p50 ${samples[RUNS / 2]!.toFixed(1)} ms, p95 ${samples[RUNS - 1]!.toFixed(1)} ms`,
        );
        console.log(plan.map((r) => `    ${r['QUERY PLAN']}`).join('\n'), '\n');
      }
    }
  } finally {
    await close();
  }
}

void main();
