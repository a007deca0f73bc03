import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { openRequestStates, statesSql, type OpenRequestState } from '@/db/schema/requests';
import type { Today } from './today';

export type RequestCounts = {
  /** Open states only. */
  byState: Partial<Record<OpenRequestState, number>>;
  open: number;
  overdue: number;
  dueToday: number;
};

/**
 * "The request is open", for SQL: the stored column the database keeps from the state, written as
 * a bare column (never `= $1`) so a prepared statement's generic plan can still use the partial
 * indexes that hold only open requests (db/schema/requests.ts).
 */
// Unqualified, so it reads in queries that alias the table (`from requests r`); no other table has the column.
export const openRequestSql = sql`is_open`;

/**
 * Open requests by state, and how many are overdue or due today: the back office's landing page and
 * the dashboard. Read from the (state, due_at) index for the open states only, written as literals:
 * the closed requests, most of a long history, are never read, so the cost follows the open work,
 * not the years behind it.
 */
export async function countRequests(db: DbOrTx, today: Today): Promise<RequestCounts> {
  // Raw SQL takes timestamps as ISO strings: postgres.js does not serialize a Date it was not told the type of.
  const at = today.now.toISOString();
  const endOfToday = today.endOfToday.toISOString();
  const rows = await db.execute<{ state: OpenRequestState; total: string; overdue: string; due_today: string }>(sql`
    select state,
           count(*) as total,
           count(*) filter (where due_at < ${at}) as overdue,
           count(*) filter (where due_at >= ${at} and due_at <= ${endOfToday}) as due_today
    from requests where state in (${statesSql(openRequestStates)}) group by state`);
  const counts: RequestCounts = { byState: {}, open: 0, overdue: 0, dueToday: 0 };
  for (const row of rows) {
    const total = Number(row.total);
    counts.byState[row.state] = total;
    counts.open += total;
    counts.overdue += Number(row.overdue);
    counts.dueToday += Number(row.due_today);
  }
  return counts;
}

/**
 * The next reference of the year, e.g. 2026-000123, from the year's own sequence (migration 0023):
 * unique, taken without waiting for any other filing; a filing that rolls back leaves a gap (why
 * that is allowed: the migration's comment). An SQL expression, so that a filing takes it in the
 * statement that inserts the request (lib/requests/file.ts) rather than in a statement of its own.
 */
export function nextRequestReferenceSql(year: number | Placeholder): SQL<string> {
  // Six digits at least, never cut: lpad to the number's own length past 999,999.
  return sql<string>`(select ${year}::int::text || '-' || lpad(n::text, greatest(6, length(n::text)), '0')
    from next_request_number(${year}::int) n)`;
}
