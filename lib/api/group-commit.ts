import type { Db, Tx } from '@/db';

/**
 * Group commit for calls that each write a little (issue 13, figures: one item a call at 500/s).
 * A call's own transaction costs a dozen round trips (the inventory, the subject, the item, its
 * purposes, the audit chain, the commit) whatever it writes; written together, a hundred items cost
 * about what one does. So concurrent calls are queued and written together: while one group's
 * transaction runs, the calls that arrive wait, and go as the next group, in one transaction. A call
 * that arrives alone goes at once: nothing waits on a timer, so a quiet system sees no added delay.
 *
 * Each call keeps its own answer: `run` returns an outcome a call, and a call refused (a destroyed
 * item, an unknown subject) does not hold back the others. Two calls on the same thing (`keyOf`)
 * never share a group: the later one waits for the next, so they apply in the order they came, as
 * they would one after the other. If a group's transaction fails, each of its calls is tried again
 * alone, so one call's failure is never another's.
 */

export type Outcome<R> = { ok: R } | { error: unknown };

type Call<J, R> = { input: J; resolve: (value: R) => void; reject: (error: unknown) => void };

type Queue<J, R> = { calls: Call<J, R>[]; flushing: boolean };

export type GroupCommit<J, R> = (db: Db, input: J) => Promise<R>;

export function groupCommit<J, R>(options: {
  /** At most this many calls in one transaction. */
  maxSize: number;
  /** Calls with the same key never share a group. */
  keyOf: (input: J) => string;
  /** Writes the group in `tx`; an outcome a call, in order. */
  run: (tx: Tx, inputs: J[]) => Promise<Outcome<R>[]>;
  /** Runs a transaction again when it met another at once (a unique key, a deadlock). */
  transaction: <T>(db: Db, work: (tx: Tx) => Promise<T>) => Promise<T>;
}): GroupCommit<J, R> {
  // One queue a database client: tests give each their own.
  const queues = new WeakMap<Db, Queue<J, R>>();

  const take = (queue: Queue<J, R>): Call<J, R>[] => {
    const group: Call<J, R>[] = [];
    const keys = new Set<string>();
    const left: Call<J, R>[] = [];
    for (const call of queue.calls) {
      const key = options.keyOf(call.input);
      if (group.length >= options.maxSize || keys.has(key)) left.push(call);
      else {
        keys.add(key);
        group.push(call);
      }
    }
    queue.calls = left;
    return group;
  };

  const settle = (call: Call<J, R>, outcome: Outcome<R> | undefined) => {
    if (outcome && 'ok' in outcome) call.resolve(outcome.ok);
    else call.reject(outcome ? outcome.error : new Error('group commit: no outcome for a call'));
  };

  const write = async (db: Db, group: Call<J, R>[]) => {
    try {
      const outcomes = await options.transaction(db, (tx) =>
        options.run(
          tx,
          group.map((c) => c.input),
        ),
      );
      group.forEach((call, i) => settle(call, outcomes[i]));
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      for (const call of group) await write(db, [call]);
    }
  };

  const flush = async (db: Db, queue: Queue<J, R>) => {
    queue.flushing = true;
    try {
      while (queue.calls.length) await write(db, take(queue));
    } finally {
      queue.flushing = false;
    }
  };

  return (db, input) =>
    new Promise<R>((resolve, reject) => {
      let queue = queues.get(db);
      if (!queue) queues.set(db, (queue = { calls: [], flushing: false }));
      queue.calls.push({ input, resolve, reject });
      if (!queue.flushing) void flush(db, queue);
    });
}
