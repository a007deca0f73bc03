import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { seedReferenceData } from '@/db/seed/reference';
import type { Db } from '@/db';
import type { StaffUser } from '@/lib/auth/session';
import { queueCsvStream } from '@/lib/backoffice/queue-export';
import { parseQueueFilters } from '@/lib/backoffice/queue-filters';
import { fillRequests, fillSubjects, openQueryBench } from './database';

/**
 * `node --expose-gc --import tsx bench/queue-export.ts [N] [all]` (npm run bench:export -- N): the
 * queue's CSV export of every open request (issue 15: "queue CSV of ~120k open requests: < 5 s,
 * memory flat ±20 MB"). On a throwaway embedded PostgreSQL it loads N requests (default 1,000,000;
 * 12% open, as bench/queue.ts) and reads the export exactly as the route does (queueCsvStream, the
 * stream the Response sends) to its end, as a client reading as fast as it can, sampling this
 * process's resident memory (RSS) every 10 ms: the export runs in this process as it runs in the
 * portal's server, so this process's RSS stands for the server's ("server memory" in the issue; it
 * counts V8's heap, buffers and the allocator's memory alike). `all` exports every request
 * (state=all): at 100k, as many rows as the open queue at 1M, in a tenth of the fill. Twice without
 * names, then with names (a chained audit event per page of 5,000 rows; a row in
 * audit_event_subjects for each subject it names first, keyed by the page's batch, migration 0032).
 * The floor is one query reading the same rows in the same order, nothing else. Every run loads its
 * own database (10–20 minutes at a million on a shared machine); nothing is reused between runs.
 * Each export's memory row is its peak RSS minus its RSS before, taken after a forced full
 * collection (--expose-gc), which also gives memory back: stricter than the RSS the portal had
 * before the export; the last row is the highest peak over the three exports minus the RSS before
 * the first, the issue's "memory flat".
 *
 * Before (2026-12-02, commit b2c3510, load average 6.9 → 3.0): at 1M (119,950 open requests, floor
 * 0.94 s) without names 1.95 s and 1.90 s, with names 4.99 s; RSS +17.9 MB for the first export,
 * +39.8 MB for the second, +77.1 MB with names. At 100k `all` (100,000 rows; fdde751, load ~12):
 * 5.12 s, 5.01 s, with names 8.88 s; +13.4, +36.8, +35.5 MB (peak 209 MB against 188 MB before the
 * first). What grew was V8's old space, garbage a full collection frees (live heap after: 25 MB):
 * the rows came as objects (drizzle's row of ten fields, then an array of cells, then a string a
 * row), and a page's 5,000 lived through the minor collections that ran while the next page
 * arrived, so they were promoted; page size (1,000–5,000) made no difference.
 *
 * Now PostgreSQL writes the lines (findQueueExportPage, csvCellSql: the text csvRows writes) and
 * sends each page as 20 strings of 250 rows (~30 KB, which die young), and with names the same
 * statement writes the page's rows of audit_event_subjects and their digest: the server makes
 * nothing per row. At 100k `all` (load 9–12, 2026-12-02): 2.30–2.96 s and 2.10–2.35 s without names,
 * 3.68–5.25 s with names; V8's heap stayed at 60 MB total with 2–3 minor collections an export
 * (--trace-gc); per export RSS peak − before 0–0.5, 11–17, 3–22 MB, and the highest peak over the
 * three exports 178–192 MB against 178–186 MB before the first (+0–6 MB). What still moves is
 * outside V8's heap (socket buffers, the allocator), and it comes back: no export raised the next
 * one's peak. At 1M (commit e9caf73, 2026-12-02 04:37–04:53, load average 12–16, an end-to-end
 * build running beside it: the floor took 4.61 s, 4.9 times its 0.94 s before, so the times say
 * little): 119,950 rows without names 8.15 s and 9.37 s (ratio 0.57 and 0.49 to the floor; was
 * 0.48), with names 26.08 s (ratio 0.18; was 0.19); RSS peaks 161, 166 and 155 MB against 161 MB
 * before the first export (+5 MB over the three), per export 0, +24 and +12 MB from the RSS after
 * the forced collection (142–143 MB). Idle (commit 5439640, 2026-12-02 05:58–06:01, load average
 * 0.3–3): 119,950 rows in 1.46 s and 1.31 s (floor 0.85 s), with names 3.84 s; RSS per export +0,
 * +7.8 and +6.0 MB, the highest peak over the three +0.8 MB against before the first.
 */
const REQUESTS = Number(process.argv[2] ?? 1_000_000);
/** `all` as a second argument exports every request (state=all): at 100k as many rows as the open queue at 1M. */
const ALL_STATES = process.argv[3] === 'all';
const SUBJECTS = Math.max(1_000, Math.floor(REQUESTS / 5));
const MB = 1024 * 1024;

async function drain(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10) lines++;
  }
  return { bytes, rows: lines - 1 };
}

async function measure(run: () => Promise<{ bytes: number; rows: number }>) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const start = performance.now();
  const result = await run();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const after = process.memoryUsage().rss;
  peak = Math.max(peak, after);
  global.gc?.();
  return { ...result, seconds, before: before / MB, after: after / MB, peak: peak / MB, heap: heapFigures() };
}

/**
 * What the process holds after an export, in MB: live objects (after a full collection when run with
 * --expose-gc) and the young generation's reserved size. A first export grows the young
 * generation from 1 MB to its maximum (32 MB: two semi-spaces of 16 MB, V8's default), which it
 * keeps (a portal that has served pages has it already); what an export leaves behind shows in
 * the live objects, and later exports then grow nothing.
 */
function heapFigures() {
  const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return `live ${(process.memoryUsage().heapUsed / MB).toFixed(1)}${global.gc ? '' : ' (no --expose-gc)'}, young generation ${((newSpace?.space_size ?? 0) / MB).toFixed(0)}`;
}

async function main() {
  const { client, db, close } = await openQueryBench('bench-queue-export');
  const rows: Record<string, unknown>[] = [];
  try {
    await seedReferenceData(db);
    const started = performance.now();
    console.log(`filling: ${SUBJECTS.toLocaleString('en')} subjects, ${REQUESTS.toLocaleString('en')} requests…`);
    await fillSubjects(client, SUBJECTS);
    await fillRequests(client, REQUESTS, SUBJECTS);
    console.log(`filled in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await client.unsafe(`update users set role = 'dpo' where id = 'agent-1'`);
    const staff = {
      id: 'agent-1',
      email: 'agent1@bench.kz',
      role: 'dpo',
      sessionId: 'bench',
      fullyVerified: true,
    } as StaffUser;
    const filters = parseQueueFilters(new URLSearchParams(ALL_STATES ? { state: 'all' } : {}));
    const [{ open }] =
      (await client`select count(*)::int as open from requests where ${ALL_STATES ? client`true` : client`is_open`}`) as unknown as [
        { open: number },
      ];

    const floorStart = performance.now();
    await client`select r.reference, r.type, r.state, r.registered_at, r.due_at, u.email
                 from requests r left join users u on u.id = r.assignee_id
                 where ${ALL_STATES ? client`true` : client`r.is_open`} order by r.due_at, r.id`;
    const floor = (performance.now() - floorStart) / 1000;
    const what = ALL_STATES ? 'requests' : 'open requests';
    console.log(`${open.toLocaleString('en')} ${what}; floor (one query, same rows): ${floor.toFixed(2)} s`);

    // Without names twice: the first export in a fresh process also grows V8's young generation once (heapFigures).
    global.gc?.();
    console.log(`heap before the exports: ${heapFigures()} MB`);
    const first = process.memoryUsage().rss / MB;
    let highest = first;
    for (const [names, again] of [
      [false, false],
      [false, true],
      [true, false],
    ] as const) {
      // A warm-up of a few pages, as a running portal has had.
      const warm = (await queueCsvStream(db as unknown as Db, staff, filters, { names: false })).getReader();
      await warm.read();
      await warm.read();
      await warm.cancel();
      const result = await measure(async () =>
        drain(await queueCsvStream(db as unknown as Db, staff, filters, { names })),
      );
      const label = names ? 'queue CSV with names' : again ? 'queue CSV (second export)' : 'queue CSV';
      console.log(
        `${label}: ${result.rows.toLocaleString('en')} rows, ${(result.bytes / MB).toFixed(1)} MB in ${result.seconds.toFixed(2)} s;` +
          ` RSS before ${result.before.toFixed(0)} MB, after ${result.after.toFixed(0)} MB, peak ${result.peak.toFixed(0)} MB;` +
          ` heap after: ${result.heap} MB`,
      );
      if (result.rows !== open) throw new Error(`${label}: ${result.rows} rows, ${open} ${what}`);
      const growth = result.peak - result.before;
      highest = Math.max(highest, result.peak);
      rows.push(
        {
          name: `${label} of ${Math.round(open / 1000)}k ${what}`,
          value: Number(result.seconds.toFixed(2)),
          unit: 's',
          target: '< 5 s',
          floor: `one query ${floor.toFixed(2)} s`,
          ratio: Number((floor / result.seconds).toFixed(2)),
          met: result.seconds < 5,
        },
        {
          name: `${label}: server memory growth (peak RSS - before)`,
          value: Number(growth.toFixed(1)),
          unit: 'MB',
          target: '<= 20 MB',
          floor: `RSS before ${result.before.toFixed(0)} MB`,
          ratio: null,
          met: growth <= 20,
        },
      );
    }
    // The issue's "memory flat": the server's RSS through all three exports against before the first.
    rows.push({
      name: 'queue CSV, three exports: server memory growth (highest peak RSS - RSS before the first)',
      value: Number((highest - first).toFixed(1)),
      unit: 'MB',
      target: '<= 20 MB',
      floor: `RSS before ${first.toFixed(0)} MB`,
      ratio: null,
      met: highest - first <= 20,
    });
  } finally {
    await close();
  }
  console.log(`BENCH_RESULT ${JSON.stringify({ rows })}`);
}

void main();
