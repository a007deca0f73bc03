import { writeFileSync } from 'node:fs';
import type { Sql } from 'postgres';
import type { DbOrTx } from '@/db';
import { requestStates, requestTypes } from '@/db/schema/requests';
import { countQueue, findQueuePage, queueSorts } from '@/db/queries/queue';
import { parseQueueQuery } from '@/lib/backoffice/queue-filters';
import type { kazakhstanToday } from '@/lib/deadlines/due';
import type { SentStatement } from './database';
import { explainSent, walkPlan } from './plans';

/**
 * Every view the queue's filters combine to, without a search (issue 15, point 1: "check every
 * filter combination the UI offers"): each type or none, each state, open or all, assigned to me,
 * to nobody or to anyone, overdue, due today or neither, in each order. 5,040 views. Searches are
 * bench/queue.ts's own list: their first step is held to the same measure there.
 */
export function everyQueueView(): Record<string, string>[] {
  const views: Record<string, string>[] = [];
  for (const type of [null, ...requestTypes])
    for (const state of [null, 'all', ...requestStates])
      for (const assignee of [null, 'me', 'none'])
        for (const flag of [null, 'overdue', 'dueToday'])
          for (const sort of queueSorts)
            views.push({
              ...(type ? { type } : {}),
              ...(state ? { state } : {}),
              ...(assignee ? { assignee } : {}),
              ...(flag ? { [flag]: '1' } : {}),
              ...(sort === 'due' ? {} : { sort }),
            });
  return views;
}

type Swept = {
  view: string;
  statement: 'page' | 'count';
  returned: number;
  removed: number;
  read: number;
  ms: number;
  indexes: string[];
};

/**
 * Each view's first page and its count, run once and EXPLAINed as the server runs them (generic
 * plans), at the scale filled: the rows each plan threw away against those it returned. Prints the
 * worst and returns the largest ratio; BENCH_SWEEP_FILE=path writes every plan's figures there (JSON).
 */
export async function sweepQueueViews(
  bench: { client: Sql; db: DbOrTx; lastSent: () => SentStatement | null },
  staffId: string,
  today: ReturnType<typeof kazakhstanToday>,
): Promise<number> {
  const views = everyQueueView();
  const swept: Swept[] = [];
  const started = performance.now();
  for (const query of views) {
    const view = new URLSearchParams(query).toString() || '(default)';
    const { filters } = parseQueueQuery(query);
    for (const statement of ['page', 'count'] as const) {
      const at = performance.now();
      // A count returns one row for the rows it counted: those are what it returned.
      const counted =
        statement === 'page'
          ? (await findQueuePage(bench.db, filters, { staffId, today }), null)
          : (await countQueue(bench.db, filters, { staffId, today })).count;
      const ms = performance.now() - at;
      const root = await explainSent(bench.client, bench.lastSent()!, `${statement} of ${view}`);
      const { removed, read, indexes } = walkPlan(root);
      swept.push({
        view,
        statement,
        returned: counted ?? root['Actual Rows'],
        removed,
        read,
        ms,
        indexes: [...indexes],
      });
    }
  }
  if (process.env.BENCH_SWEEP_FILE) writeFileSync(process.env.BENCH_SWEEP_FILE, JSON.stringify(swept));
  const ratio = (s: Swept) => s.removed / Math.max(1, s.returned);
  const over = swept.filter((s) => ratio(s) > 10);
  console.log(
    `\nevery combination of the queue's filters: ${views.length} views, page and count each, in ${((performance.now() - started) / 1000).toFixed(0)} s; ${over.length} plans threw away more than ten rows a row returned`,
  );
  console.log(
    'worst by rows thrown away a row returned, then by rows read a row returned (a sort keeps some of them):',
  );
  const worst = [...swept].sort((a, b) => ratio(b) - ratio(a)).slice(0, 15);
  const mostRead = [...swept]
    .sort((a, b) => b.read / Math.max(1, b.returned) - a.read / Math.max(1, a.returned))
    .slice(0, 10);
  for (const s of [...worst, ...mostRead])
    console.log(
      `  ${s.statement.padEnd(5)} ${s.view.padEnd(60)} returned ${String(s.returned).padStart(6)}  discarded ${String(s.removed).padStart(8)} (${ratio(s).toFixed(1)})  read ${String(s.read).padStart(8)}  ${s.ms.toFixed(1)} ms  ${s.indexes.join(', ')}`,
    );
  const slowest = [...swept].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`slowest: ${slowest.map((s) => `${s.statement} ${s.view} ${s.ms.toFixed(1)} ms`).join('; ')}`);
  return Math.max(...swept.map(ratio));
}
