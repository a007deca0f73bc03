import { sql } from 'drizzle-orm';
import type { AfterCommit, Db } from '.';

/**
 * Chaining the audit log after the commit (issue 15, point 3; migration 0034). A write's audit
 * events commit with its change in audit_events_pending; `chain_audit_events()`, in a short
 * transaction of its own, takes the chain's lock and moves every committed pending row into
 * audit_events, numbered and hashed in the order of their numbers. The chain's order is so the
 * order of chaining: events of writes chained together follow their pending numbers (a
 * transaction's own events in the order it wrote them), and the chain stays one line without gaps.
 *
 * One chainer runs at a time per Db: a writer that commits while one runs asks for one more run
 * (which starts after the running one ends, so after the writer's commit) and waits for it; all the
 * writers that came meanwhile share that run. Across processes the chain's lock takes turns.
 */
type Chainer = { running: Promise<void> | null; next: Promise<void> | null; notify: Set<string> };
// On globalThis for the reason db/index.ts keeps its after-commit map there: one chainer per Db,
// whichever copy of this module Next.js bundled the caller in.
const chainers = ((globalThis as unknown as { derbesChainers?: WeakMap<Db, Chainer> }).derbesChainers ??= new WeakMap<
  Db,
  Chainer
>());

/** Runs and events chained in this process, for bench/writes.ts (events per chaining under load). */
export const chainingCounts = { runs: 0, events: 0 };

function chainerOf(db: Db): Chainer {
  let chainer = chainers.get(db);
  if (!chainer) chainers.set(db, (chainer = { running: null, next: null, notify: new Set() }));
  return chainer;
}

async function chainOnce(db: Db, chainer: Chainer): Promise<void> {
  const channels = [...chainer.notify];
  chainer.notify.clear();
  try {
    // The channels are woken by the same short transaction: the NOTIFY's commit-time lock is then
    // held by one chainer at a time, not by every write.
    const [row] = channels.length
      ? await db.execute<{ n: number }>(
          sql`select chain_audit_events() as n, ${sql.join(
            channels.map((channel) => sql`pg_notify(${channel}, '')`),
            sql`, `,
          )}`,
        )
      : await db.execute<{ n: number }>(sql`select chain_audit_events() as n`);
    chainingCounts.runs += 1;
    chainingCounts.events += Number(row?.n ?? 0);
  } catch (error) {
    for (const channel of channels) chainer.notify.add(channel);
    throw error;
  }
}

/**
 * Chains every committed pending event (and wakes `notify`'s listeners) by a run that starts after
 * this call: when it resolves, whatever was committed before the call is in audit_events. Also the
 * sweep after a crash (lib/jobs/background.ts).
 */
export function chainAuditEvents(db: Db, notify: Iterable<string> = []): Promise<void> {
  const chainer = chainerOf(db);
  for (const channel of notify) chainer.notify.add(channel);
  if (chainer.next) return chainer.next;
  const start = (): Promise<void> => {
    const run = chainOnce(db, chainer);
    chainer.running = run;
    const clear = () => {
      if (chainer.running === run) chainer.running = null;
    };
    run.then(clear, clear);
    return run;
  };
  if (!chainer.running) return start();
  const next = chainer.running
    .catch(() => {})
    .then(() => {
      chainer.next = null;
      return start();
    });
  chainer.next = next;
  return next;
}

/**
 * After a transaction of `db` committed (db/index.ts): its events chained, its channels woken.
 * A failure here does not undo the write, which has committed with its events pending: it is
 * reported and the worker's sweep chains them.
 */
export async function runAfterCommit(db: Db, after: AfterCommit): Promise<void> {
  try {
    await chainAuditEvents(db, after.notify);
  } catch (error) {
    // This layer has no logger (lib/log): a process warning, which names no data, only the failure.
    process.emitWarning('audit: chaining after a commit failed; the worker chains the pending events later', {
      code: 'DERBES_AUDIT_CHAIN',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}
