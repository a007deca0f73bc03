import { performance } from 'node:perf_hooks';
import { countQueue, findQueueMatches, findQueuePage, QUEUE_COUNT_CAP, searchKind } from '@/db/queries/queue';
import { parseQueueQuery } from '@/lib/backoffice/queue-filters';
import { kazakhstanToday } from '@/lib/deadlines/due';
import { seedReferenceData } from '@/db/seed/reference';
import { fillRequests, fillSubjects, openQueryBench, timeRuns } from './database';
import { explainSent, walkPlan } from './plans';
import { sweepQueueViews } from './queue-views';

/**
 * `npm run bench:queue [-- N [S]]`: the request queue at a real operator's scale (issue 15, point
 * 1). On a throwaway embedded PostgreSQL it loads N requests (default 1,000,000) shaped like a real
 * history: closed requests old (1 to 3 years back), open ones recent (the last three weeks, some
 * overdue), 12% open, a third of them assigned among ten agents, over S subjects (default 200,000,
 * as every round before 17 measured; issue 15's scale is 1,000,000) whose first names repeat as real
 * ones do: a first name is one subject in twenty (50,000 at a million; the open queue finds their
 * requests through requests.subject_search, the history through the subjects, walking the view's
 * order past SEARCH_SUBJECTS of them, S over 400,000). Then, with the server forced to generic
 * plans (what a prepared statement settles on after five runs, the worst case for partial
 * indexes), it times every view the queue offers against a trivial query's floor in the same
 * run, and EXPLAINs each: rows the plan read and threw away against the rows it returned (the
 * target is at most ten to one), a search's first step (findQueueMatches) held to the same.
 */
const REQUESTS = Number(process.argv[2] ?? 1_000_000);
const SUBJECTS = Number(process.argv[3] ?? 200_000);
const RUNS = 30;

const time = (run: () => Promise<unknown>) => timeRuns(run, RUNS);

async function main() {
  const { client, db, lastSent, lastSentLike, close } = await openQueryBench('bench-queue');
  const rows: object[] = []; // the BENCH_RESULT line (issue 15's contract, read by bench/run.ts)
  try {
    await seedReferenceData(db);
    const started = performance.now();
    console.log(`filling: ${SUBJECTS.toLocaleString('en')} subjects, ${REQUESTS.toLocaleString('en')} requests…`);
    await fillSubjects(client, SUBJECTS);
    await fillRequests(client, REQUESTS, SUBJECTS);
    console.log(`filled in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const staffId = 'agent-1';
    const today = kazakhstanToday();
    const [sample] =
      await client`select s.email, r.reference from requests r join subjects s on s.id = r.subject_id where r.is_open limit 1`;
    const deep =
      await client`select to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as due, id from requests order by due_at, id offset ${Math.floor(REQUESTS / 2)} limit 1`;
    const deepOpen =
      await client`select to_char(registered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as registered, id from requests where is_open order by registered_at desc, id desc offset ${Math.floor(REQUESTS / 40)} limit 1`;
    const email = String(sample!.email);
    // A common name's tenth page: where a search's next pages start (its matches past a cursor).
    let nameDeep: string | null = null;
    for (let page = 0; page < 9; page++) {
      const at = parseQueueQuery(nameDeep ? { q: 'Айгерім', after: nameDeep } : { q: 'Айгерім' });
      nameDeep = (await findQueuePage(db, at.filters, { staffId, today, after: at.after })).next ?? nameDeep;
    }
    const referenceNumber = String(sample!.reference).slice(5);
    const views: [string, Record<string, string>][] = [
      ['open, first page (default view)', {}],
      ['open, type=ACCESS', { type: 'ACCESS' }],
      ['open, type=ACCESS&overdue=1', { type: 'ACCESS', overdue: '1' }],
      ['open, overdue', { overdue: '1' }],
      ['open, due today', { dueToday: '1' }],
      ['open, assigned to me', { assignee: 'me' }],
      ['open, unassigned', { assignee: 'none' }],
      ['open, me & type=DESTROY', { assignee: 'me', type: 'DESTROY' }],
      ['state=AWAITING_INFO', { state: 'AWAITING_INFO' }],
      ['state=AWAITING_INFO, newest first', { state: 'AWAITING_INFO', sort: '-registered' }],
      ['state=AWAITING_INFO, by type', { state: 'AWAITING_INFO', sort: 'type' }],
      ['state=REFUSED', { state: 'REFUSED' }],
      ['state=REFUSED, oldest first', { state: 'REFUSED', sort: 'registered' }],
      ['open, q=common first name', { q: 'Айгерім' }],
      ['open, q=common first name, 10th page', { q: 'Айгерім', ...(nameDeep ? { after: nameDeep } : {}) }],
      ['open, q=e-mail', { q: String(sample!.email) }],
      ['state=all, q=reference', { q: String(sample!.reference), state: 'all' }],
      ['state=all, first page', { state: 'all' }],
      ['state=all, type=ACCESS', { state: 'all', type: 'ACCESS' }],
      ['state=all, deep page (keyset)', { state: 'all', after: `${deep[0]!.due}_${deep[0]!.id}` }],
      ['state=all, deep page back (before)', { state: 'all', before: `${deep[0]!.due}_${deep[0]!.id}` }],
      ['open, newest registered first', { sort: '-registered' }],
      ['open, oldest registered first', { sort: 'registered' }],
      [
        'open, newest first, page back',
        { sort: '-registered', before: `${deepOpen[0]!.registered}_${deepOpen[0]!.id}` },
      ],
      ['open, newest first & type=ACCESS', { sort: '-registered', type: 'ACCESS' }],
      ['open, newest first & me', { sort: '-registered', assignee: 'me' }],
      ['open, newest first & overdue', { sort: '-registered', overdue: '1' }],
      // Every overdue combination (issue 15): the types' terms differ, so a bound on "overdue" must
      // hold for the longest and the shortest alike.
      ['open, overdue & me', { overdue: '1', assignee: 'me' }],
      ['open, overdue & type=WITHDRAW', { overdue: '1', type: 'WITHDRAW' }],
      ['open, newest first & overdue & me', { sort: '-registered', overdue: '1', assignee: 'me' }],
      ['open, newest first & overdue & ACCESS', { sort: '-registered', overdue: '1', type: 'ACCESS' }],
      ['open, newest first & overdue & WITHDRAW', { sort: '-registered', overdue: '1', type: 'WITHDRAW' }],
      ['open, newest first & overdue & RECTIFY', { sort: '-registered', overdue: '1', type: 'RECTIFY' }],
      ['open, oldest first & overdue', { sort: 'registered', overdue: '1' }],
      ['open, by type', { sort: 'type' }],
      ['open, by type & me', { sort: 'type', assignee: 'me' }],
      ['state=all, newest first', { state: 'all', sort: '-registered' }],
      ['state=all, by type', { state: 'all', sort: 'type' }],
      ['state=all, q=reference number', { state: 'all', q: referenceNumber }],
      ['open, q=part of reference', { q: referenceNumber.slice(1) }],
      ['open, q=part of e-mail', { q: email.split('@')[0]!.slice(2) }],
      ['state=all, q=e-mail with @', { state: 'all', q: email.slice(3) }],
      ['state=all, q=name, newest first', { state: 'all', q: 'Серікбаев Айгерім', sort: '-registered' }],
    ];
    const floor = await time(() => client`select 1`);
    console.log(
      `\nmedian and p95 of ${RUNS} runs, generic plans, ${REQUESTS.toLocaleString('en')} requests; floor (select 1): p50 ${floor.p50.toFixed(2)} ms\n`,
    );
    console.log(
      'view'.padEnd(34),
      'p50 ms'.padStart(8),
      'p95 ms'.padStart(8),
      ' ×floor',
      '  returned  discarded  ratio  1st step',
      '  count (p50 ms)',
      '  indexes',
    );
    let worst = 0;
    for (const [name, query] of views) {
      if (process.env.BENCH_ONLY && !name.includes(process.env.BENCH_ONLY)) continue;
      const { filters, after, before } = parseQueueQuery(query);
      // A partial search's first step (findQueueMatches), as the server plans it: for its pattern,
      // seq scans off (db/queries/queue.ts). Its plan is held to the same ratio as the page's: the
      // rows it throws away against the matches it returns.
      const partialSearch =
        Boolean(filters.q) && ['referencePart', 'email', 'nameOrEmail'].includes(searchKind(filters.q));
      let matchesRatio = 0;
      if (partialSearch) {
        await findQueueMatches(db, filters, { staffId, today });
        const matchesRoot = await explainSent(client, lastSentLike(/^select/)!, `matches of ${name}`, {
          plan_cache_mode: 'force_custom_plan',
          enable_seqscan: 'off',
        });
        matchesRatio = walkPlan(matchesRoot).removed / Math.max(1, matchesRoot['Actual Rows']);
      }
      // The total the page shows beside it, counted up to QUEUE_COUNT_CAP (db/queries/queue.ts); a
      // partial search's is the number its first step's window gives, as the page gets it.
      const counting = () => countQueue(db, filters, { staffId, today });
      const counted = await counting();
      const countTiming = await time(counting);
      if (process.env.BENCH_PLANS && !partialSearch) {
        await counting();
        await explainSent(client, lastSentLike(/^select/)!, `count of ${name}`);
      }
      const run = () => findQueuePage(db, filters, { staffId, after, before, today });
      const timing = await time(run);
      await run();
      // EXPLAIN the plan the server really runs: the generic one, through a prepared statement.
      const root = await explainSent(client, lastSent()!, name);
      const { removed, indexes } = walkPlan(root);
      const returned = Math.max(1, root['Actual Rows']);
      worst = Math.max(worst, removed / returned, matchesRatio);
      console.log(
        name.padEnd(34),
        timing.p50.toFixed(2).padStart(8),
        timing.p95.toFixed(2).padStart(8),
        (timing.p50 / floor.p50).toFixed(0).padStart(6),
        String(root['Actual Rows']).padStart(10),
        String(removed).padStart(10),
        (removed / returned).toFixed(1).padStart(6),
        (matchesRatio ? matchesRatio.toFixed(1) : '').padStart(8),
        `${counted.more ? '>' : ' '}${counted.count} (${countTiming.p50.toFixed(1)})`.padStart(16),
        ' ',
        [...indexes].join(', '),
      );
      rows.push({
        name: `queue SQL: ${name}`,
        value: timing.p95,
        unit: 'ms',
        floor: `select 1 ${floor.p50.toFixed(2)} ms`,
        ratio: timing.p50 / floor.p50,
        detail: `p50 ${timing.p50.toFixed(2)} ms, ${root['Actual Rows']} returned, ${removed} discarded${matchesRatio ? `; first step ${matchesRatio.toFixed(1)} discarded a row` : ''}`,
      });
    }
    // Then every combination of the filters, once each (not with BENCH_ONLY, which picks views).
    if (!process.env.BENCH_ONLY)
      worst = Math.max(worst, await sweepQueueViews({ client, db, lastSent }, staffId, today));
    console.log(`\nworst rows discarded per row returned: ${worst.toFixed(1)} (target ≤ 10)`);
    rows.push({
      name: 'queue plans: worst rows discarded per row returned',
      value: worst,
      unit: 'x',
      target: '<= 10',
      met: worst <= 10,
    });
    // What an exact count of the open queue and of everything would cost, beside the capped one.
    for (const [name, where] of [
      ['open', 'where is_open'],
      ['all', ''],
    ] as const) {
      const exact = await time(() => client.unsafe(`select count(*) from requests ${where}`));
      console.log(
        `exact count, ${name}: p50 ${exact.p50.toFixed(1)} ms, p95 ${exact.p95.toFixed(1)} ms (cap ${QUEUE_COUNT_CAP})`,
      );
    }
  } finally {
    await close();
  }
  console.log(`BENCH_RESULT ${JSON.stringify({ rows })}`);
}

void main();
