import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { seedReferenceData } from '@/db/seed/reference';
import type { Db } from '@/db';
import type { StaffUser } from '@/lib/auth/session';
import { queueCsvStream } from '@/lib/backoffice/queue-export';
import { parseQueueFilters } from '@/lib/backoffice/queue-filters';
import { fillRequests, fillSubjects, openQueryBench } from './database';

/**
 * `node --import tsx bench/queue-export.ts [N]`: the queue's CSV export of every open request
 * (issue 15: "queue CSV of ~120k open requests: < 5 s, memory flat ±20 MB"). On a throwaway
 * embedded PostgreSQL it loads N requests (default 1,000,000; 12% open, as bench/queue.ts) and
 * reads the export exactly as the route does (queueCsvStream, the stream the Response sends) to its
 * end, as a client reading as fast as it can, sampling this process's resident memory every 10 ms.
 * Without names and with names (one chained audit event per page of 5,000 rows and a row in
 * audit_event_subjects for each subject it names first, migration 0030). The floor is one query
 * reading the same rows in the same order, nothing else. Every run loads its own database (about
 * 10 minutes at a million on a shared machine); nothing is reused between runs.
 *
 * What it showed (2026-12-02, commit b2c3510, shared machine, load average 6.9 at the start of the
 * fill and 3.0 at the end of the measurements): at 1M (119,950 open requests, floor 0.94 s) without
 * names 1.95 s and 1.90 s (ratio 0.48; it was 4.44 s: each 1,000-row page read and sorted all the
 * open requests after its cursor), with names 4.99 s (was 18.05 s; 24 chained events, one per page,
 * and 90,000 rows in audit_event_subjects). Memory is NOT flat: RSS +17.9 MB for the first export,
 * +39.8 MB for the second, +77.1 MB with names. What grows is V8's old space: at 100k with
 * `state=all` (as many rows), each export grew heapTotal by 32–46 MB while external memory and
 * array buffers grew under 5 MB and the young generation was at its 32 MB already; without the
 * forced collection between exports, old space went 65 → 85 → 95 → 109 MB. It is garbage a full
 * collection frees (live heap after: 25–27 MB): the rows' objects and strings reach old space
 * (promoted or pretenured) instead of dying young. Page size (1,000, 2,000 or 5,000 rows) made no
 * difference to it. The RSS figure below counts that growth after the forced collection before
 * each export (--expose-gc).
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
    console.log(`${open.toLocaleString('en')} open requests; floor (one query, same rows): ${floor.toFixed(2)} s`);

    // Without names twice: the first export in a fresh process also grows V8's young generation once (heapFigures).
    global.gc?.();
    console.log(`heap before the exports: ${heapFigures()} MB`);
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
      if (result.rows !== open) throw new Error(`${label}: ${result.rows} rows, ${open} open requests`);
      const growth = result.peak - result.before;
      rows.push(
        {
          name: `${label} of ${Math.round(open / 1000)}k open requests`,
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
  } finally {
    await close();
  }
  console.log(`BENCH_RESULT ${JSON.stringify({ rows })}`);
}

void main();
