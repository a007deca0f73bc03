import type { Sql } from 'postgres';
import type { SentStatement } from './database';

/** One node of EXPLAIN (ANALYZE, FORMAT JSON)'s plan, with what the benchmarks read of it. */
export type PlanNode = {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
};

/**
 * Rows read and discarded anywhere in the plan (issue 15's measure: at most ten for each row
 * returned), the rows its scans read in all (what a sort then kept or not), and the indexes it used.
 */
export function walkPlan(node: PlanNode, acc = { removed: 0, read: 0, indexes: new Set<string>() }) {
  // A join testing each row against a handful kept in memory (a Materialize: the ten staff of the
  // assignee's name) reads no table again; its join filter's misses are not rows read and thrown away.
  const joinRemoved = node.Plans?.some((child) => child['Node Type'] === 'Materialize')
    ? 0
    : (node['Rows Removed by Join Filter'] ?? 0);
  const removed =
    ((node['Rows Removed by Filter'] ?? 0) + joinRemoved + (node['Rows Removed by Index Recheck'] ?? 0)) *
    node['Actual Loops'];
  acc.removed += removed;
  if (node['Node Type'].endsWith('Scan')) acc.read += node['Actual Rows'] * node['Actual Loops'] + removed;
  if (node['Index Name']) acc.indexes.add(node['Index Name']);
  for (const child of node.Plans ?? []) walkPlan(child, acc);
  return acc;
}

/**
 * EXPLAIN ANALYZE of a statement as it was sent, through a prepared statement: the plan the server
 * runs (a generic one: the connection forces them), with `settings` for this statement alone. The
 * plan's root; with BENCH_PLANS the plan is printed as text under `title`.
 */
export async function explainSent(
  client: Sql,
  sent: SentStatement,
  title: string,
  settings: Record<string, string> = {},
): Promise<PlanNode> {
  const args = sent.params.map((value) => `'${String(value).replaceAll("'", "''")}'`).join(', ');
  const names = Object.keys(settings);
  await client.unsafe(`prepare bench_explained as ${sent.query}`);
  if (names.length) await client.unsafe(names.map((name) => `set ${name} = '${settings[name]}'`).join('; '));
  const explain = (options: string) =>
    client.unsafe(`explain (${options}) execute bench_explained${sent.params.length ? `(${args})` : ''}`);
  const [plan] = (await explain('analyze, format json')) as unknown as { 'QUERY PLAN': [{ Plan: PlanNode }] }[];
  if (process.env.BENCH_PLANS)
    console.log(`${title}:\n${(await explain('analyze')).map((r) => r['QUERY PLAN']).join('\n')}`);
  // Back to the connection's own settings (generic plans: bench/database.ts).
  if (names.length) await client.unsafe(names.map((name) => `reset ${name}`).join('; '));
  await client.unsafe('deallocate bench_explained');
  return plan!['QUERY PLAN'][0].Plan;
}
