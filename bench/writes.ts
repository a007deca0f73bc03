import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import path from 'node:path';
import { drizzleOver } from '@/db';
import { chainingCounts } from '@/db/audit-chain';
import { postmasterPid, treeCpuMs } from './cpu';
import { fillDataItems, fillRequestHistory, fillRequests, fillSubjects, openQueryBench, settleFill } from './database';

/**
 * `node --import tsx bench/writes.ts [requests]`: the portal's writes at a scale (issue 15, point
 * 3). On a throwaway embedded PostgreSQL with the reference data, the demo operator and
 * `requests` subjects holding 10 data items each, CLIENTS callers at once (in this process, each
 * its own transaction on a pool of CLIENTS connections) call the real library functions:
 *   - filing a request (ACCESS, RECTIFY of one item, BLOCK of one item, DESTROY of one item, in turn);
 *   - executing RECTIFY and BLOCK (requests filed beforehand, untimed);
 *   - executing ACCESS (the statement PDF in the subject's language, attached to the request);
 * against the floor, measured in the same run: `begin; insert one row; commit` on the same pool.
 * While each runs, pg_stat_activity is sampled every 20 ms: what the busy connections wait on
 * (a lock, the WAL's flush, the client…) is printed, so what serialises the writes shows.
 * The last stdout line is `BENCH_RESULT {json}` (the shared contract, issue 15).
 *
 * Besides the rate, each row logs the CPU this process spent per operation: on a busy machine the
 * rate follows what the machine has spare, the CPU an operation costs does not.
 *
 * Figures of 2026-12-01, 2 cores shared with three other engineers' builds and tests (load
 * average 11-16: every rate below is starved and noisy; the lead measures 1M on an idle machine).
 * "Before" is commit 81d1515 (chain lock and reference counter held to commit, statement rendered
 * inside the transaction), run at the same time as "after" so both share the same load; 600
 * filings, 600 executions, 60 ACCESS, 16 callers. Waits: what busy connections wait on.
 *
 *   10k requests        before                                  after
 *   floor               640/s                                   679/s
 *   filing              14.6/s (0.023x), 11.0 ms CPU,           40.6/s (0.060x), 7.4 ms CPU,
 *                       94% waiting on the counter's row lock   93% waiting for the client, 1% lock
 *   RECTIFY/BLOCK       25.2/s (0.039x), 10.7 ms CPU,           32.4/s (0.048x), 9.2 ms CPU,
 *                       93% waiting on the chain's lock         93% waiting for the client, 2% lock
 *   ACCESS              2.5/s (0.004x), 166 ms CPU,             6.3/s (0.009x), 63 ms CPU,
 *                       86% waiting on the chain's lock         89% waiting for the client, 3% lock
 *   100k requests (unit tests running as well)
 *   floor               158/s                                   175/s
 *   filing              4.7/s (0.030x), 14.2 ms CPU, 94% lock   12.5/s (0.071x), 7.9 ms CPU, 1% lock
 *   RECTIFY/BLOCK       21.3/s (0.135x), 12.5 ms CPU, 93% lock  9.7/s (0.056x), 10.9 ms CPU, 0% lock
 *   ACCESS              2.1/s (0.013x), 201 ms CPU, 85% lock    2.1/s (0.012x), 69 ms CPU, 1% lock
 * (The two runs' phases do not start together, so a phase of one may meet a heavier load than the
 * same phase of the other: compare the waits and the CPU per operation, not the rates alone.)
 * No write waits on another any more: what is left is CPU. On one Node process the CPU per
 * operation caps filing near 130/s, RECTIFY/BLOCK near 100/s and ACCESS near 15/s on an idle
 * machine, short of the targets (300/s, 50/s): ~19 statements a filing, ~25 an execution, the
 * acknowledgement e-mail rendered in the transaction, and the statement PDF (~50 ms alone).
 *
 * Each row now also logs PostgreSQL's CPU per operation (its processes, from /proc: bench/cpu.ts)
 * and the statements sent per operation. CPU per operation, 10k requests, 1,500 filings, 1,500
 * executions, 200 ACCESS, 16 callers; "before" is c218eda with this file's measuring, run beside
 * "after" at the same time (both starved, load average 9-10: read the CPU, not the rates):
 *                       before: Node, PostgreSQL, statements     after (4c51850)
 *   floor               0.68 ms, 0.45 ms, 3                      0.72 ms, 0.45 ms, 3
 *   filing              7.5 ms, 6.2 ms, 18.5 (38/s)              5.0 ms, 4.8 ms, 11.5 (63/s)
 *   RECTIFY/BLOCK       9.0 ms, 9.3 ms, 27.5 (29/s)              8.6 ms, 9.3 ms, 23.5 (32/s)
 *   ACCESS              47 ms, 16.6 ms, 44 (9.1/s)               51 ms, 16.3 ms, 39 (4.7/s; its phase
 *                                                                met the other run's heaviest)
 * At 100k requests (d54b8d7 alone, load average 10-11): filing 4.1 ms + 4.3 ms (83/s), RECTIFY/BLOCK
 * 6.8 ms + 8.1 ms (46/s), ACCESS 48 ms + 17 ms (6.5/s): the CPU per operation does not grow with scale.
 * An earlier pair (3dedca7, load average 8-9) agreed: filing 8.4 -> 5.6 ms Node, 6.8 -> 5.3 ms PG.
 * Alone at load average 6 (c7ee942, before pipelining): filing 4.3 ms + 3.4 ms, 108/s;
 * RECTIFY/BLOCK 8.2 ms + 7.6 ms, 72/s; ACCESS 51 ms + 14 ms, 12/s (the lead's idle run before:
 * 6.6 ms Node a filing, 118/s). What changed: the working calendar, deadline policies, statutory deadlines and
 * operator profile are kept per process (lib/cache/process.ts, dropped on NOTIFY at any write:
 * migration 0025), the outbox row and its NOTIFY, a domain event and its webhook deliveries, an
 * item's key are one statement each, and a filing's rows and an execution's checks and completion
 * are sent together (one round trip). Still short of the targets; what is left, per operation:
 * ~0.3 ms of Node CPU a statement (drizzle building and mapping, postgres.js, the socket write),
 * PostgreSQL's work (a request row has ~20 indexes to keep, the audit chain's hashing), the
 * statement PDF (~20-25 ms warm; ~40% of it is each purpose's texts written again under every item
 * that serves it, which a statement listing each purpose once would save), and, once
 * the CPU is spare, the audit chain's lock: with less CPU a filing (load average 6), 62% of the
 * busy connections waited on it, since a transaction holds it from its deferred chaining through
 * its commit's WAL flush.
 *
 * Round 3 (2026-12-01, load average 15-22: starved, read the CPU): "before" f0806e9 and "after"
 * (the statement listing each purpose once, pdfkit's shaped words kept per process) run side by
 * side, 10k requests, 1,500 filings, 3,000 executions, 200 ACCESS, 16 callers. CPU ms per operation:
 *                       before: Node, PostgreSQL, statements     after
 *   floor               0.66, 0.47, 3                            0.65, 0.42, 3
 *   filing              4.97, 4.97, 11.5                         4.93, 4.91, 11.5 (unchanged code)
 *   RECTIFY/BLOCK       9.77, 10.31, 23.5                        9.79, 10.32, 23.5 (unchanged code)
 *   ACCESS              56.8, 18.2, 39                           46.2, 18.5, 39
 * The statement alone (a harness outside the repository, over this bench's 10-item subject and the demo's Aigul, 100
 * renders warm, kk and ru): 29-30 -> 17-18 ms CPU (10 items), 54-56 -> 25-27 ms (Aigul); its
 * size 22 -> 21 KB and 32 -> 27 KB. What is left of it: pdfkit's line wrapping and text
 * (~70%), embedding each document's font subset (~15%; a pre-subset of every kk/ru/en glyph,
 * embedded whole, would skip that but adds ~25 KB a weight, deflated, to every statement
 * stored), deflating the page contents (~9%).
 * Where PostgreSQL's CPU goes (pg_stat_statements with track=all, one run): no statement
 * dominates; it follows the statement count (~0.4 ms a statement of a filing, its commit
 * included). The 17 non-unique indexes on `requests` cost together ~0.1-0.25 ms an insert and
 * ~0.2-0.3 ms an update (3,000 of each at 100k requests, with and without them), the trigram
 * index nothing measurable: dropping any would save little, none was dropped. The audit chain's deferred
 * INSERT is the longest statement by far in wall time (15-22 ms each under this load, almost
 * all of it waiting on the chain's advisory lock: 0-8% of the busy connections were sampled
 * waiting on it in plain runs, 22-32% in the slower run with pg_stat_statements): as the CPU
 * per operation falls, it becomes the serialising point.
 *
 * Round 4 (2026-12-01, load average 16-22: starved, read the CPU): fewer statements. `BENCH_TRACE=1`
 * prints one operation of each kind statement by statement. A filing now writes the request, its
 * items and consents and its "filed" event in one statement, the reference taken inside it, then
 * sends the audit event, the domain event and the e-mail's read together (the acknowledgement's
 * term travels in request.registered's new `workingDays`, not read back). An execution reads the
 * locked request's task counts, representative's authority and items in one statement, counts no
 * tasks again when there were none before, reads the holding systems with the categories' codes
 * and the due time in one, writes a task with its items in one, and an item's update returns its
 * category's code (sent with the sealing key's statement). ACCESS reads the locale from the report's
 * subject row; the report sends its first three reads together. The bench itself now gives an
 * execution the version the staff page showed (read before the timing), as the action does: one
 * statement that was the bench's own. "Before" is 1a737aa with this file, run beside "after" at
 * the same time; 10k requests, 1,500 filings, 2,000 executions, 200 ACCESS, 16 callers. CPU ms per
 * operation (Node, PostgreSQL), statements:
 *                       before                        after
 *   run 1 (load 21; "after" without the ACCESS change)
 *   filing              6.70, 6.16, 11.5              5.54, 5.15, 7.8
 *   RECTIFY/BLOCK       12.47, 12.26, 22.5            9.90, 10.48, 16.5
 *   ACCESS              60.9, 20.7, 38                55.2, 20.5, 35
 *   run 2 (load 16-21, a portal build beside)
 *   filing              5.50, 5.51, 11.5              4.63, 4.57, 7.8
 *   RECTIFY/BLOCK       9.50, 10.15, 22.5             8.18, 8.96, 16.5
 *   ACCESS              42.1, 18.6, 38                39.6, 16.2, 33
 * So a filing costs ~16% less CPU, an execution ~13-18%, ACCESS ~8%: PostgreSQL's CPU falls less
 * than the statement count (a merged statement does the same writes), Node's with the round trips.
 * The rates of these runs (floor 120-375/s against ~1,850/s idle) say nothing of the targets. From
 * the lead's last figures (filing 4.22 + 4.77 ms, RECTIFY/BLOCK 7.91 + 9.70, ACCESS 40.3 + 16.9) the
 * ceiling on 2 idle cores would move to roughly 260/s, 130/s and 37/s: still short of 300, 300 and 50.
 * In a profile of the ACCESS phase, the statement PDF is ~35% of the process's CPU, and writing to
 * the socket (each round trip's write to PostgreSQL over loopback TCP, kernel work charged to the
 * sender) ~18%: a round trip saved is worth about as much as a statement saved.
 *
 * Round 5 (2026-12-02, load average 7-12: starved, read the CPU). Drizzle asked postgres.js for
 * unnamed statements, and postgres.js sends an unnamed statement with parameters in two round
 * trips (Parse/Describe, waiting for the parameters' types, then Bind/Execute), holding back the
 * statements pipelined behind it; PostgreSQL parsed and planned each one every time. Every
 * statement with parameters is now prepared per connection (db/index.ts `preparing`, used by the
 * portal, the tests and this bench), and the statements every write sends are built by Drizzle once
 * a process (db/prebuilt.ts). This file no longer counts statements with postgres.js's `debug`
 * option, which made every query capture a stack trace (~0.5-0.7 ms of a filing's Node CPU up to
 * round 4: its "Node" figures were high by that much); BENCH_PROFILE=dir writes each phase's CPU
 * profile. "Before" is d9e80ca with this file's counting, run alternately with "after" (a copy of
 * the commit named); 10k requests, 1,500 filings, 3,000 executions, 200 ACCESS, 16 callers. CPU ms
 * per operation (Node, PostgreSQL), statements:
 *                       before                        after
 *   c68298a (prepared statements), two rounds, load 7-11
 *   filing              3.38, 4.03 / 4.46, 4.82, 7.8   3.58, 3.03 / 3.93, 3.03, 7.8
 *   RECTIFY/BLOCK       7.55, 9.44 / 7.36, 9.50, 16.5  6.07, 4.92 / 5.45, 4.66, 16.5
 *   ACCESS              47.9, 17.4 / 46.6, 17.7, 33    43.8, 9.20 / 39.6, 8.15, 33
 *   f0804f9 (+ filing, event, outbox, notice read built once; ACCESS prepares outside a transaction), load 9-12
 *   filing              4.55, 4.69, 7.8                3.01, 3.07, 7.8
 *   RECTIFY/BLOCK       7.96, 9.48, 16.5               5.89, 5.00, 16.5
 *   ACCESS              49.6, 19.0, 33                 43.9, 8.45, 30
 *   5d6be20 (+ the execution's holders, task and timeline event built once), two rounds, load 3.5-6.4
 *   floor               1,184/s / 976/s                2,043/s / 986/s
 *   filing              3.80, 4.67 / 3.76, 4.42, 7.8   2.49, 2.90 / 2.63, 2.93, 7.8 (295/s, 220/s)
 *                       (154/s, 156/s)
 *   RECTIFY/BLOCK       7.12, 9.23 / 6.49, 8.75, 16.5  4.64, 5.02 / 4.24, 4.39, 16.5 (147/s, 112/s)
 *                       (78/s, 85/s)
 *   ACCESS              45.9, 17.7 / 42.9, 16.7, 33    33.8, 7.70 / 34.3, 7.75, 30 (32.5/s, 21.4/s)
 *                       (16.0/s, 18.1/s)
 * So a filing costs ~34% less CPU (Node + PostgreSQL 8.2-8.5 ms -> 5.4-5.6 ms), an execution
 * ~41-43% (15.2-16.4 -> 8.6-9.7 ms), ACCESS ~30-35% (59.6-63.6 -> 41.5-42.1 ms). PostgreSQL's
 * CPU a statement halved (no parse, plans cached). On 2 idle cores the CPU would allow roughly
 * 360-370/s filings, 205-230/s executions and ~48/s ACCESS:
 * filing at the target, the other two still short. With the CPU spare, a filing's busy
 * connections waited on the audit chain's advisory lock 47-54% of the samples (RECTIFY/BLOCK
 * 9-29%): the chain (lib/audit, migration 0029) holds it from its deferred trigger through the
 * commit's WAL flush, and it is what caps filings next (~300/s in the lighter round above).
 * What is left of Node's CPU: the audit event's insert (lib/audit, built by Drizzle each time),
 * the locked request's read and update (26 columns mapped), the e-mail's ICU formatting (use-intl
 * serialises the formats for its cache key on every message: ~0.3 ms a filing), postgres.js; of
 * ACCESS's, the statement PDF (~55%: pdfkit's line wrapping, fontkit shaping each line, which no
 * cache hits since every line holds the subject's own values, the font subset).
 *
 * Round 6 (2026-12-02, load average 8-21: starved, read the CPU). The audit event's insert, the
 * locked request's read (mapped as Drizzle maps it, db/prebuilt.ts `rowsOf`) and the request's
 * update are built once a process; each e-mail message is compiled once a language and found by
 * its text (lib/i18n/translator.ts: use-intl keyed its cache by the JSON of the message and nine
 * formats, rebuilt for every call; a request-update e-mail 0.19 -> 0.07 ms warm, alone). ACCESS
 * checks the statement rendered before the transaction with one statement (a fingerprint of every
 * row it is made of, taken in PostgreSQL), not its eight reads again: 30 -> 24 statements.
 * "Before" is fdde751, run alternately with "after" (a copy of the commit); 10k requests, 1,500
 * filings, 3,000 executions, 200 ACCESS (300 in the ACCESS-only pairs), 16 callers. CPU ms per
 * operation (Node, PostgreSQL), statements:
 *                       before                        after
 *   pair 1 (load 15-21)
 *   filing              2.96, 2.99, 7.8               2.00, 2.41, 7.8
 *   RECTIFY/BLOCK       5.00, 4.78, 16.5              3.33, 3.87, 16.5
 *   ACCESS              41.85, 9.40, 30               29.65, 8.90, 24
 *   pairs 2 and 3 (load 11-13)
 *   filing              2.80, 2.84 / 2.18, 2.41       2.63, 3.07 / 2.52, 2.85
 *   RECTIFY/BLOCK       5.50, 5.14 / 5.02, 4.71       4.90, 5.22 / 4.44, 4.74
 *   ACCESS              45.39, 9.15 / 35.32, 7.40     37.96, 10.45 / 35.52, 10.20
 *   ACCESS alone, two pairs (load 8-14)
 *   ACCESS              33.60, 7.17 / 37.14, 7.13     28.11, 8.70 / 34.38, 9.93
 * So RECTIFY/BLOCK costs Node 0.6-1.7 ms less in every pair (11-33%), PostgreSQL the same; filing
 * is within the noise (its audit insert and e-mail are a small part); ACCESS's Node CPU falls
 * 0-12 ms and PostgreSQL's rises 1.5-2.8 ms in four pairs of five (the fingerprint hashes every
 * row as text, twice: before and inside the transaction), ~8% less in all on average. The rates
 * (floor 250-765/s against ~2,150/s idle) say nothing of the targets. On 2 idle cores the CPU per
 * execution (~8.5-9 ms Node + PostgreSQL in the lighter pairs) would allow ~220-240/s: still short
 * of 300, and the audit chain's advisory lock is what the busy connections wait on most (filing
 * 52-74% of the samples, RECTIFY/BLOCK 20-65%): it is held from the deferred chaining through the
 * commit's WAL flush, one flush at a time, so no CPU saved lifts it. Chaining after the commit
 * (a single chainer moving committed audit_events_pending rows, many writes' events a flush) is the
 * remaining lever; not done in this round. An experiment (not committed: this file with the pending
 * table's chaining trigger disabled and one chainer connection moving committed rows in a loop,
 * 16 ACCESS, one run each, load 11-14) shows what would wait next: filing's busy connections then
 * wait 64-71% on `Lock:object`, the lock PostgreSQL takes at the commit of every transaction that
 * sent a NOTIFY (the outbox's, lib/mail/outbox.ts), held through the commit's flush like the
 * chain's; RECTIFY/BLOCK 11-17%. With that NOTIFY left out as well, no write waited on a lock
 * (filing 0.242x the floor against 0.170x unchanged, run next to it; RECTIFY/BLOCK's rate did not
 * rise in that run, 0.086x against 0.127x, with the chainer's own commits beside it). So chaining
 * after the commit pays only with the outbox woken otherwise (after the commit, from the process
 * that committed, or the worker's poll), and with webhooks' and imports' NOTIFYs kept off hot paths.
 *
 * Round 7 (2026-12-02, load average 6-10, the machine shared with two other helpers' tests and
 * benchmarks: read the CPU and the waits, not the rates). Audit events are chained after the commit
 * (migration 0034, db/audit-chain.ts): a write commits its pending audit rows with its change and
 * holds neither the chain's lock nor PostgreSQL's NOTIFY lock (the outbox's and the webhook
 * deliveries' NOTIFYs are sent after the commit); its db.transaction then runs, or joins, its
 * process's one chainer, a short transaction that chains every committed pending row and sends the
 * NOTIFYs, before returning. Also, an execution sends the request's lock and its checks together,
 * a BLOCK's blocking its four writes together, a completion its domain event with its other writes.
 * "Before" is 02b252a, run alternately with "after" (the commit named), each pair one after the
 * other; 10k requests, 1,500 filings, 3,000 executions, 50 ACCESS, 16 callers. Per row: rate,
 * CPU ms per operation (Node, PostgreSQL), statements, what the busy connections waited on most:
 *                  before                                  after
 *   3caff1f (chaining after the commit), two pairs, load 6-8
 *   floor          976/s, 1,162/s                          1,598/s, 1,061/s
 *   filing         186/s 2.07, 2.65; 236/s 1.95, 2.42;     280/s 2.15, 2.39; 267/s 2.04, 2.25;
 *                  7.8; the chain's lock 73-75%            8.1; no lock: WAL flush 50-64%, cpu 26-30%
 *   RECTIFY/BLOCK  105/s 4.38, 4.91; 118/s 3.78, 4.41;     183/s 3.17, 3.91; 121/s 3.87, 4.36;
 *                  16.5; the chain's lock 33-38%           17.0; no lock: WAL flush 50-63%, cpu 27-37%
 *   29d89ea (+ the lock and the checks sent together), two pairs, load 7-10
 *   floor          1,575/s, 896/s                          636/s, 1,317/s
 *   filing         300/s 1.89, 2.42; 197/s 2.26, 2.79      124/s 2.69, 2.67; 210/s 2.04, 2.33
 *   RECTIFY/BLOCK  99/s 4.11, 4.89; 129/s 3.83, 4.37       123/s 3.81, 4.30; 150/s 3.41, 3.84
 *   1ed721b (+ BLOCK's and the completion's writes sent together), two pairs, load 6.6-8.4
 *   floor          904/s, 764/s                            898/s, 838/s
 *   filing         192/s 2.24, 2.85; 167/s 2.61, 3.39      205/s 2.45, 2.41; 190/s 2.29, 2.39
 *   RECTIFY/BLOCK  104/s 4.49, 4.99; 92/s 4.62, 5.44       104/s 4.60, 4.58; 103/s 4.45, 4.52
 * No write waits on a lock any more (before: the chain's advisory lock, 60-78% of a filing's busy
 * connections, 24-38% of an execution's); what they wait on now is the WAL's flush (IO:WalSync and
 * LWLock:WALWrite, as the floor's own transactions do) and the CPU. The chainer amortises: 3.2-3.5
 * events (filings) and 3.7-4.1 events (about two executions) per chaining transaction, so a write
 * costs ~0.3-0.5 statements more (17.0 against 16.5 an execution) and shares a second commit. The
 * CPU an execution costs moved little: 8.0 ms (Node + PostgreSQL) on average after against 9.0
 * before in these six pairs, within this load's noise, and the round trips saved did not show in
 * it. On 2 idle cores ~7-8 ms an execution still caps RECTIFY/BLOCK near 250-280/s: short of
 * 300/s. What is left to cut lies outside the chain: ~16 statements an execution (the items' lock,
 * key and update, lib/data-items/changes.ts; the holders' read and the task's insert,
 * lib/tasks/create.ts; the representative's and the subject's reads for the e-mail, lib/events;
 * the type's read before the transaction, which only ACCESS needs, prepareExecution), each ~0.2-0.3
 * ms of PostgreSQL's CPU and a socket write, and a request row's ~20 indexes (no update of an
 * execution can be HOT: it changes state, updated_at and is_open, which are indexed).
 * Idle, on a fresh clone of c61cf17 right after its CI run (load average 2.6-3.5), 10k requests:
 * floor 2,153/s (0.45 + 0.23 ms); filing 368.8/s (1.98 + 2.35 ms, 8.1 statements; no lock wait:
 * the WAL's flush 59%, cpu 30%; 3.4 events a chaining); RECTIFY/BLOCK 246.8/s (2.90 + 3.71 ms,
 * 17.0 statements; cpu 48%, the WAL's flush 40%; 4.4 events a chaining); ACCESS 43.0/s (23.95 +
 * 8.85 ms, 19.5 statements; cpu 54%). Round 6 the same way: 379/s, 227/s, 36.8/s.
 *
 * Round 8 (2026-12-02, 2 cores shared with another engineer's runs, load average 3-5: read the CPU
 * and the statements). RECTIFY/BLOCK, 16.9 -> 10.9 statements an execution: the type's read before
 * the transaction skipped when the form's type prepares nothing (prepareExecution); the audit events
 * of a transaction written in one statement, sent with its COMMIT in one socket write (db/index.ts);
 * a request's update and its timeline event one statement (updateRequestWithEvent); the items locked,
 * and their holding systems read, with the execution's checks; RECTIFY's sealing key and item update
 * one statement; the subject and the representative read together for an update's e-mail.
 * BENCH_TRACE: RECTIFY 16 -> 10 statements, BLOCK 19 -> 13, ACCESS 20 -> 18. "Before" is a62dbdf,
 * run alternately with "after" (3f0257e, with the chaining's asynchronous commit, reverted since:
 * see below); 10k requests, 600 filings,
 * 3,000 executions, 20 ACCESS, 16 callers. Rate, CPU ms per operation (Node, PostgreSQL), statements:
 *                  before                                  after
 *   pair 1 (after first, load 4.5-5.4)
 *   floor          1,719/s 0.46, 0.46                      1,573/s 0.52, 0.51
 *   filing         274/s 2.36, 3.93, 8.1                   224/s 3.04, 4.77, 8.1
 *   RECTIFY/BLOCK  250.5/s 2.88, 3.60, 16.9                280.3/s 2.32, 3.79, 10.9
 *   ACCESS         20.8/s 52.95, 30.50, 19.4               20.6/s 55.65, 27.00, 17.6
 *   pair 2 (before first, load 2.8-5.0)
 *   floor          1,324/s 0.61, 0.60                      1,399/s 0.57, 0.57
 *   filing         240/s 2.59, 4.53, 8.0                   226/s 3.04, 4.62, 8.1
 *   RECTIFY/BLOCK  192.5/s 3.73, 4.66, 17.0                263.1/s 2.49, 4.00, 10.9
 *   ACCESS         19.6/s 59.93, 30.00, 19.5               19.5/s 61.96, 22.50, 17.4
 *   filing alone (1,500 filings, 10 executions, one after the other, load ~3)
 *   filing         354.6/s 1.97, 2.89, 8.0                 358.0/s 1.93, 2.87, 8.1
 * (Filing's code changed only in its audit event's statement, now sent with the COMMIT; alone it
 * costs the same; in the pairs its phase came first and met the other engineer's load.)
 * So an execution costs this process 0.5-1.2 ms less (the round trips: 11 -> 8 for a RECTIFY), and
 * PostgreSQL about the same: its CPU does not follow the statement count. pg_stat_statements (a copy
 * of this file with the extension, not committed), per execution: the request's update ~0.75 ms
 * (a request row keeps ~20 indexes, and no execution's update is HOT), the task's insert ~0.5 ms,
 * the chaining ~0.5-0.65 ms (its DELETE and the audit_events INSERT with the hashing trigger, ~1 ms
 * a chaining of ~4 events), a domain event ~0.2 ms; merged statements cost the sum of their parts.
 * In a CPU profile of this process, ~38-46% of the samples of the executions and of the filings are
 * in writeBuffer: the write of each round trip to PostgreSQL's socket (loopback TCP, the kernel's
 * work charged to the sender). A round trip saved is worth more than a statement saved here; a
 * Unix-domain socket instead of loopback TCP (the embedded server listens on 127.0.0.1 only) is
 * the next thing to measure.
 * The chaining's commit without waiting for its WAL flush (synchronous_commit off in
 * chain_audit_events(), tried as migration 0035) did not pay, alternated on the same code (1,500
 * filings, 3,000 executions, load 4-5): filing 1.96 + 3.00 ms synchronous against 1.92 + 2.95 and
 * 1.95 + 3.01; RECTIFY/BLOCK 2.32 + 3.88 (277.5/s) and 2.11 + 3.50 (304.9/s) against 2.26 + 3.70
 * (287.5/s) and 2.17 + 3.85 (288.2/s). A chaining that does not wait for its flush ends sooner, so
 * fewer writers join it (4.6-4.7 events a chaining against 6.3 for executions, 2.7-2.8 against 3.5
 * for filings), and a chaining costs PostgreSQL ~1 ms whatever its size: reverted.
 * Idle-ish, the default run (1,500 filings, 3,000 executions, 200 ACCESS), two pairs at load 1.6-4.7,
 * before / after (3f0257e):
 *   filing         363.3/s 1.80, 2.87; 354.9/s 1.90, 2.89     347.9/s 1.87, 3.11; 345.5/s 1.92, 3.01
 *   RECTIFY/BLOCK  251.4/s 2.84, 3.64; 230.1/s 3.09, 4.01     300.6/s 2.19, 3.48; 271.8/s 2.37, 3.93
 *   ACCESS         42.5/s 22.02, 13.45; 51.9/s 17.88, 11.85   47.9/s 19.84, 12.55; 41.0/s 23.05, 13.65
 * (filing's PostgreSQL +0.1-0.24 ms there came with the asynchronous chaining's extra chainings: 546-559
 * against 422-434; without it, above, filing costs what it did.)
 * ACCESS, same round (the lead): the statement renders on a worker thread (lib/threads/pool.ts), so
 * the PDF's ~10-20 ms no longer run on this process's one JavaScript thread, which capped ACCESS near
 * 43/s whatever the cores. The threads start and warm up untimed (WARMUP_ACCESSES executions: under
 * tsx each thread's start transpiles the statement's sources again, ~2 s of CPU a thread, which the
 * built portal does not). ACCESS only (20 filings, 20 executions, 300 ACCESS), one after the other
 * under a helper's load: a62dbdf 33.6/s, 20.39 + 12.77 ms; c4512d3 55.0/s, 22.10 + 12.07 ms. Idle,
 * the default run on the merge (844896e), three runs: 48.6/s, 64.8/s and 42.3/s (bench/RESULTS.md,
 * round 8); the CPU per ACCESS moves with the machine (19.5 to 29.6 ms of this process).
 */
const REQUESTS = Number(process.argv[2] ?? 1_000_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const FILINGS = Number(process.env.BENCH_FILINGS ?? 1500);
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 1500);
const ACCESSES = Number(process.env.BENCH_ACCESSES ?? 200);
const WARMUP_ACCESSES = 2 * CLIENTS;
const ITEMS_PER_SUBJECT = 10;
const FLOOR = Math.max(FILINGS, 2000);

/** Runs `work(i)` for i in [0, count) with `parallel` workers; the rate a second. */
async function rate(count: number, parallel: number, work: (i: number) => Promise<void>) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < count; i = next++) await work(i);
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const started = performance.now();
const bench = await openQueryBench('bench-writes');
// Library code that opens the portal's own pool (getDb) reaches the same server.
process.env.DATABASE_URL = bench.url;
let statements = 0;
/** BENCH_TRACE=1: the statements of one operation of each kind are printed (to see what can be merged). */
let trace: string[] | null = null;
/**
 * The statements sent, counted: each query (Drizzle sends every one through `unsafe`), and a
 * transaction's (or savepoint's) begin and end. postgres.js's `debug` option would see them too,
 * but it makes every query capture a stack trace (~0.05 ms of CPU each), which the portal does not
 * pay: it inflated this process's CPU per operation up to round 4.
 */
function counting<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, key) {
      if (key === 'unsafe')
        return (query: string, ...rest: unknown[]) => {
          statements += 1;
          trace?.push(query.replace(/\s+/g, ' ').slice(0, 400));
          return (target.unsafe as (...a: unknown[]) => unknown)(query, ...rest);
        };
      if (key === 'begin' || key === 'savepoint')
        return async (...args: unknown[]) => {
          const work = args.pop() as (inner: postgres.TransactionSql) => unknown;
          statements += 1;
          trace?.push(`${key} ${args.join(' ')}`);
          try {
            const run = Reflect.get(target, key) as (...a: unknown[]) => Promise<unknown>;
            return await run(...args, (inner: postgres.TransactionSql) => work(counting(inner)));
          } finally {
            statements += 1;
            trace?.push(key === 'begin' ? 'commit (or rollback)' : 'release (or rollback to)');
          }
        };
      return Reflect.get(target, key);
    },
  });
}
const client = counting(
  postgres(bench.url, {
    max: CLIENTS,
    onnotice: () => {},
    connection: { TimeZone: 'UTC', application_name: 'derbes-bench-writes' },
  }),
);
const db = drizzleOver(client);
const watcher = postgres(bench.url, { max: 1, onnotice: () => {} });

const { seedReferenceData } = await import('@/db/seed/reference');
const { seedDemoData } = await import('@/db/seed/demo');
const { fileSubjectRequest } = await import('@/lib/requests/subject-requests');
const { executeRequest, prepareExecution } = await import('@/lib/backoffice/execute');
const { startProcessCaches, stopProcessCaches } = await import('@/lib/cache/process');
type Input = Parameters<typeof fileSubjectRequest>[1]['request'];
type RequestType = Input['type'];

await db.transaction(async (tx) => {
  await seedReferenceData(tx);
  await seedDemoData(tx);
});
// As the web server does (lib/operator.ts): this process keeps the operator's profile and the deadline data.
const caches = startProcessCaches(db);
await Promise.all([caches.operatorProfile.ready, caches.deadlines.ready]);
await fillSubjects(bench.client, REQUESTS);
await fillDataItems(bench.client, ITEMS_PER_SUBJECT);
// The requests' history too: every write inserts into (or updates) these tables and their indexes.
await fillRequests(bench.client, REQUESTS, REQUESTS);
await fillRequestHistory(bench.client);
// The check at the end counts the requests filed from here on (the filled ones have no audit trail).
const filingsFrom = new Date();
await settleFill(bench.client);
await bench.client`create table bench_floor (id bigserial primary key, n int not null, at timestamptz default now())`;
const [agentRow] = await client<{ id: string }[]>`select id from users where email = 'agent@dalabilim.kz'`;
const agent = { id: agentRow!.id, role: 'agent' as const };
const [size] = await bench.client<{ database: string }[]>`
  select pg_size_pretty(pg_database_size(current_database())) as database`;
log(
  `filled ${REQUESTS} subjects, ${REQUESTS * ITEMS_PER_SUBJECT} items, ${REQUESTS} requests and their history in ${((performance.now() - started) / 1000).toFixed(0)} s: the database holds ${size!.database}`,
);

// Distinct subjects for every write, spread over the whole table, each with its first item.
const needed = FILINGS + 2 * EXECUTIONS + ACCESSES + WARMUP_ACCESSES + (process.env.BENCH_TRACE ? 6 : 0);
const step = Math.max(1, Math.floor(REQUESTS / needed));
const people = await bench.client<{ id: string; item: string }[]>`
  select s.id, (select i.id from data_items i where i.subject_id = s.id order by i.id limit 1) as item
  from bench_subjects s where s.n % ${step} = 0 order by s.n limit ${needed}`;
if (people.length < needed) throw new Error(`bench/writes.ts needs at least ${needed} subjects`);
let taken = 0;
const take = (count: number) => people.slice(taken, (taken += count));

const file = (subjectId: string, request: Input) =>
  db.transaction((tx) =>
    fileSubjectRequest(tx, {
      subjectId,
      actor: { id: null, role: 'subject' },
      request,
      uploads: [],
      idempotencyKey: null,
    }),
  );
// As the staff page's action does: the type's slow part first (ACCESS renders its statement), then the
// transaction, with the version the page showed (read here before the timing starts, as the page did).
const versions = new Map<string, number>();
const readVersions = async (ids: string[]) => {
  const rows = await client<
    { id: string; version: number; type: RequestType }[]
  >`select id, version, type from requests where id in ${client(ids)}`;
  for (const row of rows) {
    versions.set(row.id, row.version);
    types.set(row.id, row.type);
  }
};
// The type the page showed travels with its form (prepareExecution skips its read when it prepares nothing).
const types = new Map<string, RequestType>();
const execute = async (requestId: string) => {
  const prepared = await prepareExecution(db, agent, { requestId, type: types.get(requestId) });
  await db.transaction((tx) =>
    executeRequest(tx, agent, { requestId, version: versions.get(requestId)!, outcome: null, prepared }),
  );
};
const inputFor = (i: number, item: string): Input => {
  switch (i % 4) {
    case 0:
      return { type: 'ACCESS', description: null };
    case 1:
      return {
        type: 'RECTIFY',
        changes: [{ itemId: item, value: `new value ${i}` }],
        supplement: null,
        description: null,
      };
    case 2:
      return { type: 'BLOCK', itemIds: [item], description: 'bench' };
    default:
      return { type: 'DESTROY', itemIds: [item], description: 'bench' };
  }
};

/** What the bench's busy connections wait on while `work` runs, as shares of the samples. */
async function watched<T>(
  name: string,
  work: () => Promise<T>,
): Promise<{
  result: T;
  waits: string;
  cpuSeconds: number;
  pgCpuSeconds: number;
  statements: number;
  chained: string;
}> {
  const profile = await startProfile();
  const postmaster = postmasterPid(path.resolve('.data', 'bench-writes'));
  const pgCpu = treeCpuMs(postmaster);
  const sent = statements;
  const chainedBefore = { ...chainingCounts };
  const cpu = process.cpuUsage();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const rows = await watcher<{ wait: string }[]>`
        select coalesce(wait_event_type || ':' || wait_event, 'cpu') as wait from pg_stat_activity
        where application_name = 'derbes-bench-writes' and state = 'active'`;
      samples += rows.length;
      for (const row of rows) counts.set(row.wait, (counts.get(row.wait) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const result = await work();
  const used = process.cpuUsage(cpu);
  await profile?.(name);
  const pgCpuSeconds = (treeCpuMs(postmaster) - pgCpu) / 1000;
  const sentDuring = statements - sent;
  // How well the chaining after commit (db/audit-chain.ts) amortises: events per chaining transaction.
  const runs = chainingCounts.runs - chainedBefore.runs;
  const events = chainingCounts.events - chainedBefore.events;
  const chained = `${events} events in ${runs} chainings, ${(events / Math.max(runs, 1)).toFixed(1)} each`;
  running = false;
  await sampler;
  const waits = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([wait, n]) => `${wait} ${Math.round((100 * n) / Math.max(samples, 1))}%`)
    .join(', ');
  return {
    result,
    waits,
    cpuSeconds: (used.user + used.system) / 1e6,
    pgCpuSeconds,
    statements: sentDuring,
    chained,
  };
}

/**
 * BENCH_PROFILE=dir: each phase's CPU profile of this process is written there (`filing.cpuprofile`…),
 * the phase alone (the fill and the setup left out), for `node --cpu-prof`'s tools.
 */
async function startProfile(): Promise<((name: string) => Promise<void>) | null> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return null;
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (name) => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  };
}

type Row = { name: string; value: number; unit: string; target: string; floor: string; ratio: number; met: boolean };
const rows: Row[] = [];

const floor = await watched('floor', () =>
  rate(FLOOR, CLIENTS, async (i) => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into bench_floor (n) values (${i})`);
    });
  }),
);
const floorText = `trivial tx ${Math.round(floor.result).toLocaleString('en')}/s`;
log(
  `floor: ${floor.result.toFixed(1)}/s, CPU ms each: this process ${((floor.cpuSeconds / FLOOR) * 1000).toFixed(2)}, ` +
    `PostgreSQL ${((floor.pgCpuSeconds / FLOOR) * 1000).toFixed(2)}; ${(floor.statements / FLOOR).toFixed(1)} statements each (waits: ${floor.waits})`,
);
type Watched = Awaited<ReturnType<typeof watched<number>>>;
const add = (name: string, target: number, run: Watched, count: number) => {
  const value = run.result;
  rows.push({
    name,
    value: Math.round(value * 10) / 10,
    unit: '/s',
    target: `>= ${target}/s`,
    floor: floorText,
    ratio: Math.round((value / floor.result) * 1000) / 1000,
    met: value >= target,
  });
  log(
    `${name}: ${value.toFixed(1)}/s, ${(value / floor.result).toFixed(3)}x the floor, ` +
      `CPU ms each: this process ${((run.cpuSeconds / count) * 1000).toFixed(2)}, PostgreSQL ` +
      `${((run.pgCpuSeconds / count) * 1000).toFixed(2)}; ${(run.statements / count).toFixed(1)} statements each ` +
      `(waits: ${run.waits}; ${run.chained})`,
  );
};

if (process.env.BENCH_TRACE) {
  const traced = async (name: string, work: () => Promise<unknown>) => {
    trace = [];
    await work();
    log(`--- ${name}: ${trace.length} statements`);
    for (const query of trace) log(`  ${query}`);
    trace = null;
  };
  const [a, b, c, d, e, f] = take(6);
  for (const [n, p] of [a!, b!, c!, d!].entries())
    await traced(`filing ${inputFor(n, p.item).type}`, () => file(p.id, inputFor(n, p.item)));
  const rectify = await file(e!.id, inputFor(1, e!.item));
  const block = await file(f!.id, inputFor(2, f!.item));
  const access = await file(a!.id, { type: 'ACCESS', description: null });
  await readVersions([rectify.id, block.id, access.id]);
  await traced('executing RECTIFY', () => execute(rectify.id));
  await traced('executing BLOCK', () => execute(block.id));
  await traced('executing ACCESS', () => execute(access.id));
}

const filers = take(FILINGS);
const filing = await watched('filing', () =>
  rate(FILINGS, CLIENTS, (i) => file(filers[i]!.id, inputFor(i, filers[i]!.item)).then(() => {})),
);
add('filing a request', 300, filing, FILINGS);

// RECTIFY and BLOCK, filed beforehand (untimed), executed in turn.
const executed = take(2 * EXECUTIONS);
const toExecute: string[] = [];
await rate(executed.length, CLIENTS, async (i) => {
  const p = executed[i]!;
  toExecute[i] = (await file(p.id, inputFor(i % 2 === 0 ? 1 : 2, p.item))).id;
});
await readVersions(toExecute);
const execution = await watched('rectify-block', () => rate(toExecute.length, CLIENTS, (i) => execute(toExecute[i]!)));
add('executing RECTIFY/BLOCK', 300, execution, toExecute.length);

const readers = take(ACCESSES + WARMUP_ACCESSES);
const accessIds: string[] = [];
await rate(readers.length, CLIENTS, async (i) => {
  accessIds[i] = (await file(readers[i]!.id, { type: 'ACCESS', description: null })).id;
});
await readVersions(accessIds);
// The statement threads (lib/threads/pool.ts) start and warm up untimed, as a running portal's have:
// under tsx each thread's start transpiles the statement's sources again (~2 s of CPU a thread),
// which the built portal does not.
const warmup = accessIds.splice(0, WARMUP_ACCESSES);
await rate(warmup.length, CLIENTS, (i) => execute(warmup[i]!));
const access = await watched('access', () => rate(accessIds.length, CLIENTS, (i) => execute(accessIds[i]!)));
add('executing ACCESS', 50, access, accessIds.length);

const [check] = await client<{ requests: string; references: string; unchained: string }[]>`
  select (select count(*) from requests) as requests, (select count(distinct reference) from requests) as references,
         (select count(*) from requests r where r.registered_at >= ${filingsFrom.toISOString()}::timestamptz and not exists (
            select 1 from audit_events e where e.entity_id = r.id::text and e.action = 'request_filed')) as unchained`;
log(
  `requests ${check!.requests}, distinct references ${check!.references}, without their filing event ${check!.unchained}`,
);
if (check!.requests !== check!.references || check!.unchained !== '0')
  throw new Error('bench/writes.ts: lost a reference or an audit event');

await stopProcessCaches();
await watcher.end();
await client.end();
await bench.close();
console.log(`BENCH_RESULT ${JSON.stringify({ rows })}`);
