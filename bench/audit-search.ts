import { performance } from 'node:perf_hooks';
import { searchAuditEvents } from '@/db/queries/audit';
import { parseAuditFilters } from '@/lib/audit/filters';
import { fillSubjects, openQueryBench, timeRuns } from './database';

/**
 * `npx tsx bench/audit-search.ts [N]`: the audit trail searched by a subject's name (issue 14,
 * point 11) at a real operator's scale. On a throwaway embedded PostgreSQL: 200,000 subjects whose
 * names repeat as real ones do (the queue bench's names) and N audit events (default 2,000,000),
 * nine in ten about a subject, and queue exports with names among them (migration 0032: one event
 * in 40,000 names 4,000 subjects through audit_event_subjects, ~100,000 rows at 1M). Each search is
 * timed and EXPLAINed as the server runs it: searchAuditEvents plans a subject search for its
 * pattern (force_custom_plan), since a generic plan cannot use the trigram index for a pattern it
 * does not know and walked the whole trail for one person (16 s at 1M events, load 16).
 *
 * 1M events, 2026-12-02, load 1-3, p50 / p95: one person 34 / 51 ms, a rare part 12 / 16 (up to
 * SUBJECTS_BY_ID subjects: their events read by id), a surname held by one subject in ten 32 / 56,
 * a first name 44 / 52, "Ли" 23 / 43 (more: each half walks its index newest first, the exports'
 * events through audit_events_batches, migration 0033, and stops at the page). Over the view with
 * the ids found first (migration 0030's first reader) these took 250-710 ms; with the subjects as a
 * semi-join alone, PostgreSQL misjudged a rare name and walked the exports' rows (0.36-0.74 s), and
 * without audit_events_batches a surname read all of them (2.6 s).
 */
const EVENTS = Number(process.argv[2] ?? 2_000_000);
const SUBJECTS = 200_000;
const RUNS = 20;

async function main() {
  const { client, db, lastSentLike, close } = await openQueryBench('bench-audit');
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
      -- Queue exports with names (migration 0032): one event per batch naming up to 5,000
      -- subjects through audit_event_subjects, keyed by the batch id its details carry. One batch
      -- every 40,000 events, 4,000 subjects each.
      update audit_events
      set subject_id = null, action = 'data_exported', entity_type = 'queue',
          details = jsonb_build_object('subjects', jsonb_build_object('batch', gen_random_uuid(), 'count', 4000))
      where id % 40000 = 0;
      insert into audit_event_subjects (batch_id, subject_id, request_id)
      select (e.details -> 'subjects' ->> 'batch')::uuid, s.id, gen_random_uuid()
      from audit_events e
      cross join lateral (select distinct 1 + floor(random() * ${SUBJECTS} + e.id * 0)::int as n
                          from generate_series(1, 4000)) p
      join bench_subjects s on s.n = p.n
      where e.id % 40000 = 0;
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
    // searchAuditEvents plans a subject search for its pattern (plan_cache_mode = force_custom_plan
    // in its transaction), whatever the session's mode: the EXPLAIN does the same.
    for (const [name, subject] of searches) {
      const filters = parseAuditFilters(new URLSearchParams({ subject }));
      const run = () => searchAuditEvents(db, filters);
      const timing = await timeRuns(run, RUNS);
      const rows = await run();
      // The search's last select: the two halves, or the subjects' lookup when it found nobody.
      const sent = lastSentLike(/select/);
      const args = sent!.params.map((value) => `'${String(value).replaceAll("'", "''")}'`).join(', ');
      await client.unsafe('set plan_cache_mode = force_custom_plan');
      await client.unsafe(`prepare bench_search as ${sent!.query}`);
      const plan = await client.unsafe(`explain (analyze, costs off) execute bench_search(${args})`);
      await client.unsafe('deallocate bench_search');
      await client.unsafe('reset plan_cache_mode');
      console.log(
        `${name} ("${subject}"): ${rows.length} rows, p50 ${timing.p50.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms`,
      );
      console.log(plan.map((r) => `    ${r['QUERY PLAN']}`).join('\n'), '\n');
    }
  } finally {
    await close();
  }
}

void main();
