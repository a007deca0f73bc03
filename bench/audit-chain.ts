import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { drizzleOver } from '@/db';
import { chainAuditEvents } from '@/db/audit-chain';
import { postmasterPid, treeCpuMs } from './cpu';
import { openQueryBench } from './database';

/**
 * `node --import tsx bench/audit-chain.ts [transactions]`: what chaining a transaction's audit events
 * at commit costs PostgreSQL, for each way the migrations have chained them, side by side in one
 * run on one throwaway embedded PostgreSQL (so a shared machine's load weighs on each alike):
 *   - 0023: a deferred row trigger moves each pending row into audit_events, whose row trigger locks,
 *     reads the chain's end and hashes it;
 *   - 0027: the transaction's first firing chains all its pending rows in one loop, one INSERT, one DELETE;
 *   - 0029: as 0027, the transaction's rows taken by their key;
 *   - 0034 (what the portal runs now): chained after the commit, by a short transaction of its own
 *     (chain_audit_events(), one at a time in this process, db/audit-chain.ts); its figures include
 *     that transaction, shared by the writes that committed while the one before ran.
 * Each variant, in turn and in several rounds (each round alternates them): `transactions`
 * transactions (default 3,000) of one event and of three events from CLIENTS callers at once, and
 * a few transactions of 1,000 events; against the floor, `begin; insert one row; commit`. Figures:
 * PostgreSQL's CPU (its processes, bench/cpu.ts) per transaction, and per event for the batches, and
 * the sequential scans of audit_events_pending per transaction (pg_stat_user_tables): a scan reads
 * every dead row left there by the commits since autovacuum last came.
 * The last stdout line is `BENCH_RESULT {json}` (issue 15's contract).
 *
 * 2026-12-01, 2 cores shared with three other engineers (load average 15-21), 2,000 transactions,
 * 16 callers, 3 rounds; PostgreSQL CPU, median of the rounds:
 *                      1 event a tx    3 events a tx    1,000 events (per event)
 *   floor              0.32 ms         -                -
 *   0023 row by row    0.86 ms         1.16 ms          0.078 ms
 *   0027 one batch     1.32 ms         1.26 ms          0.041 ms
 *   0029               0.85 ms         1.15 ms          0.044 ms
 * 0027 cost a one-event transaction ~0.45 ms more than 0023: its `SELECT … ORDER BY seq` scanned
 * the pending table whole, dead rows included (one sequential scan a commit); 0029 reads it only
 * by its key and keeps 0027's batch. bench/writes.ts cannot show a difference this size on this
 * machine: side by side (de70844^ against 1a737aa, 800 filings and 1,600 executions, 2 runs each,
 * load average 12-23) its PostgreSQL CPU per filing was 5.56 / 5.85 ms against 6.00 / 4.80 ms, per
 * RECTIFY/BLOCK 10.2 / 11.9 ms against 11.7 / 10.2 ms, the same statements (11.5, 23.5); and
 * 1a737aa against 0029 (load average 20-24): filing 5.56 / 6.41 against 5.44 / 6.29 ms, RECTIFY/BLOCK
 * 10.55 / 11.76 against 11.44 / 10.49 ms. The rates (90/s after 0027, 120/s before) were the load's.
 *
 * 2026-12-02 (0034 added; load average 5-7, shared), 1,000 transactions, 16 callers, 2 rounds, 3
 * batches; PostgreSQL CPU each round, and transactions a second:
 *                      1 event a tx                 3 events a tx                1,000 events (per event)
 *   floor              0.24 / 0.29 ms (968-1,695/s) -                            -
 *   0023 row by row    0.84 / 0.80 ms (385-478/s)   1.01 / 0.95 ms (364-420/s)   0.093 / 0.097 ms
 *   0027 one batch     1.06 / 1.80 ms (240-362/s)   1.28 / 1.78 ms (252-314/s)   0.047 / 0.043 ms
 *   0029 by key        0.93 / 0.93 ms (401-455/s)   1.26 / 1.24 ms (308-401/s)   0.037 / 0.043 ms
 *   0034 after commit  0.51 / 0.49 ms (765-886/s)   0.70 / 0.63 ms (691-711/s)   0.033 / 0.033 ms
 * Chained after the commit, a transaction of one event costs PostgreSQL about half what it did, its
 * chaining included (3.2 statements a transaction: one chaining for ~5 transactions, its commit
 * and its one lock shared), and twice as many commit in a second: none waits for the chain's lock
 * through another's WAL flush. The chainer's DELETE scans the pending table (0.15 scans a
 * transaction), which holds only the rows not chained yet and the dead rows since the last vacuum.
 */
const TRANSACTIONS = Number(process.argv[2] ?? 3000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 10);

/** The `CREATE OR REPLACE FUNCTION audit_events_pending_chain` statement of a migration file. */
function chainFunction(file: string): string {
  const text = readFileSync(path.resolve('db/migrations', file), 'utf8');
  const statement = text
    .split('--> statement-breakpoint')
    .find((s) => /CREATE OR REPLACE FUNCTION audit_events_pending_chain\(\)/.test(s));
  if (!statement) throw new Error(`no audit_events_pending_chain in ${file}`);
  return statement;
}

/** At commit, by a deferred trigger on audit_events_pending (0023-0029); 0034's chaining set aside. */
const atCommit = (file: string) => `${chainFunction(file)};
  alter table audit_events_pending disable trigger audit_events_pending_chained;
  drop trigger if exists audit_events_pending_chain on audit_events_pending;
  create constraint trigger audit_events_pending_chain after insert on audit_events_pending
    deferrable initially deferred for each row execute function audit_events_pending_chain()`;
const variants: { name: string; sql: string; afterCommit: boolean }[] = [
  { name: '0023 (row by row)', sql: atCommit('0023_audit_chained_at_commit.sql'), afterCommit: false },
  { name: '0027 (one batch)', sql: atCommit('0027_audit_chain_in_batches.sql'), afterCommit: false },
  { name: '0029 (by key)', sql: atCommit('0029_audit_chain_small_transactions.sql'), afterCommit: false },
  // What the portal runs now: chained after the commit, by one chainer per process (db/audit-chain.ts).
  {
    name: '0034 (after commit)',
    sql: `drop trigger if exists audit_events_pending_chain on audit_events_pending;
      alter table audit_events_pending enable trigger audit_events_pending_chained`,
    afterCommit: true,
  },
];

const log = (line: string) => process.stderr.write(`${line}\n`);
const bench = await openQueryBench('bench-audit-chain');
const postmaster = postmasterPid(path.resolve('.data', 'bench-audit-chain'));
await bench.client.unsafe(
  `create table bench_floor (id bigserial primary key, n int not null, at timestamptz default now())`,
);
let statements = 0;
const client = postgres(bench.appUrl, {
  max: CLIENTS,
  onnotice: () => {},
  debug: () => {
    statements += 1;
  },
});
await bench.client.unsafe(
  `grant insert on bench_floor to public; grant usage on sequence bench_floor_id_seq to public`,
);

async function rate(count: number, parallel: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < count; i = next++) await work(i);
    }),
  );
}

/** Sequential scans of the pending table so far (a backend reports its counts within a second of going idle). */
async function pendingScans() {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const [row] = await bench.client<{ n: string }[]>`
    select seq_scan as n from pg_stat_user_tables where relname = 'audit_events_pending'`;
  return Number(row!.n);
}

async function measured(count: number, parallel: number, work: (i: number) => Promise<void>) {
  const scans = await pendingScans();
  const pg = treeCpuMs(postmaster);
  const sent = statements;
  const start = performance.now();
  await rate(count, parallel, work);
  const seconds = (performance.now() - start) / 1000;
  const pgMs = (treeCpuMs(postmaster) - pg) / count;
  return {
    perSecond: count / seconds,
    pgMs,
    statements: (statements - sent) / count,
    scans: ((await pendingScans()) - scans) / count,
  };
}

const event = (i: number, k: number) => ({
  actorId: null,
  actorRole: 'system',
  subjectId: null,
  action: 'calendar_changed',
  entityType: 'bench',
  entityId: String(i),
  reason: `bench ${k}`,
  details: { n: i, k },
  clientAddress: null,
  userAgent: null,
});
// Its own client: Drizzle sets its client's JSON serialiser, which the raw writes above do not expect.
// One connection: the chainings of a process run one at a time.
const chainer = drizzleOver(
  postgres(bench.appUrl, {
    max: 1,
    onnotice: () => {},
    debug: () => {
      statements += 1;
    },
  }),
);
let afterCommit = false;
/**
 * One transaction writing `k` events as lib/audit/record.ts does (one row alone, several as JSON);
 * with 0034, then chained as the portal's db.transaction does (the writers that commit meanwhile
 * sharing one chaining).
 */
const chained = (i: number, k: number) =>
  written(i, k).then(() => (afterCommit ? chainAuditEvents(chainer) : undefined));
const written = (i: number, k: number) =>
  client.begin(async (tx) => {
    if (k === 1) {
      const e = event(i, 0);
      await tx`insert into audit_events_pending (actor_id, actor_role, subject_id, action, entity_type, entity_id, reason,
                 details, client_address, user_agent)
               values (${e.actorId}, ${e.actorRole}, ${e.subjectId}, ${e.action}, ${e.entityType}, ${e.entityId}, ${e.reason},
                 ${tx.json(e.details)}, ${e.clientAddress}, ${e.userAgent})`;
      return;
    }
    const rows = Array.from({ length: k }, (_, j) => event(i, j));
    await tx`
      insert into audit_events_pending (actor_id, actor_role, subject_id, action, entity_type, entity_id, reason,
                                        details, client_address, user_agent)
      select r."actorId", r."actorRole"::actor_role, r."subjectId", r.action::audit_action, r."entityType",
             r."entityId", r.reason, r.details, r."clientAddress", r."userAgent"
      from json_to_recordset(${JSON.stringify(rows)}::text::json) as r("actorId" text, "actorRole" text, "subjectId" uuid,
        action text, "entityType" text, "entityId" text, reason text, details jsonb, "clientAddress" text, "userAgent" text)`;
  });

type Figures = { perSecond: number; pgMs: number; statements: number; scans: number };
const results = new Map<string, Figures[]>();
const keep = (key: string, f: Figures) => results.set(key, [...(results.get(key) ?? []), f]);

for (let round = 1; round <= ROUNDS; round++) {
  keep(
    'floor',
    await measured(TRANSACTIONS, CLIENTS, async (i) => {
      await client.begin((tx) => tx`insert into bench_floor (n) values (${i})`);
    }),
  );
  for (const variant of round % 2 ? variants : [...variants].reverse()) {
    await bench.client.unsafe(variant.sql);
    afterCommit = variant.afterCommit;
    for (const k of [1, 3]) {
      keep(
        `${variant.name}: ${k} event(s)`,
        await measured(TRANSACTIONS, CLIENTS, (i) => chained(i, k).then(() => {})),
      );
    }
    const batch = await measured(BATCHES, 1, (i) => chained(i, 1000).then(() => {}));
    keep(`${variant.name}: 1,000 events`, { ...batch, pgMs: batch.pgMs / 1000, perSecond: batch.perSecond * 1000 });
  }
  log(`round ${round} done (load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
}

const [check] = await bench.client<{ pending: string; broken: string | null }[]>`
  select (select count(*) from audit_events_pending) as pending,
         (with chain as (select e.id, e.hash, e.prev_hash, audit_event_hash(e) as recomputed,
                                lag(e.hash) over (order by e.id) as previous_hash,
                                coalesce(lag(e.id) over (order by e.id), 0) as previous_id from audit_events e)
          select min(id) from chain where hash <> recomputed or prev_hash is distinct from previous_hash
                                         or id <> previous_id + 1)::text as broken`;
if (check!.pending !== '0' || check!.broken !== null)
  throw new Error(`bench/audit-chain.ts: chain broken ${JSON.stringify(check)}`);

const rows = [];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [key, figures] of results) {
  const pgMs = median(figures.map((f) => f.pgMs));
  const unit = key.endsWith('1,000 events') ? 'ms PG CPU an event' : 'ms PG CPU a transaction';
  log(
    `${key}: PostgreSQL ${figures.map((f) => f.pgMs.toFixed(3)).join(' / ')} ${unit}, ` +
      `${figures.map((f) => f.perSecond.toFixed(0)).join(' / ')} ${unit.includes('event') ? 'events' : 'tx'}/s, ` +
      `${figures[0]!.statements.toFixed(1)} statements, ` +
      `${figures.map((f) => f.scans.toFixed(2)).join(' / ')} sequential scans of audit_events_pending each`,
  );
  rows.push({
    name: `audit chain, ${key}`,
    value: Math.round(pgMs * 1000) / 1000,
    unit,
    target: '-',
    floor: '-',
    ratio: 0,
    met: true,
  });
}
await client.end();
await chainer.$client.end();
await bench.close();
console.log(`BENCH_RESULT ${JSON.stringify({ rows })}`);
