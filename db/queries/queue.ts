import { and, asc, eq, ilike, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';
import { requests, type RequestState, type RequestType } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { openRequestSql } from './requests';
import type { Today } from './today';

/**
 * The request queue: filters that live in the URL, sorted by due time, and keyset pagination on
 * (due_at, id) so the thousandth page costs what the first does (indexes in db/schema/requests.ts).
 * Open requests, the default view, are read through partial indexes holding only them: a page of
 * the open queue never walks past the closed history (bench/queue.ts checks every filter's plan).
 */
export type QueueFilters = {
  type: RequestType | null;
  /** A state, 'open' (default) or 'all'. */
  state: RequestState | 'open' | 'all';
  /** 'me', 'none', or a staff member's id. */
  assignee: string | null;
  overdue: boolean;
  dueToday: boolean;
  q: string;
};
/**
 * Where the next page starts: the last row's due time at the database's full precision
 * (microseconds, as text: a JavaScript Date would round it to milliseconds, and a page would then
 * start before rows it already showed) and its id, which makes the order total.
 */
export type QueueCursor = { dueAt: string; id: string };
/** The due time as the cursor carries it: UTC, microseconds. */
export const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const QUEUE_PAGE = 50;

function whereOf(filters: QueueFilters, staffId: string, today: Today): SQL | undefined {
  const now = today.now;
  const conditions: (SQL | undefined)[] = [];
  if (filters.type) conditions.push(eq(requests.type, filters.type));
  if (filters.state === 'open') conditions.push(openRequestSql);
  else if (filters.state !== 'all') conditions.push(eq(requests.state, filters.state));
  if (filters.assignee === 'me') conditions.push(eq(requests.assigneeId, staffId));
  else if (filters.assignee === 'none') conditions.push(isNull(requests.assigneeId));
  else if (filters.assignee) conditions.push(eq(requests.assigneeId, filters.assignee));
  if ((filters.overdue || filters.dueToday) && filters.state !== 'open') conditions.push(openRequestSql);
  if (filters.overdue) conditions.push(sql`${requests.dueAt} < ${now.toISOString()}`);
  if (filters.dueToday) {
    conditions.push(sql`${requests.dueAt} >= ${now.toISOString()}`, lte(requests.dueAt, today.endOfToday));
  }
  const q = filters.q;
  if (q) {
    if (/^\d{4}-\d{6}$/.test(q)) conditions.push(eq(requests.reference, q));
    else if (/^\d{12}$/.test(q)) conditions.push(eq(subjects.iin, q));
    else if (q.includes('@')) conditions.push(eq(subjects.email, q));
    else conditions.push(ilike(subjects.fullName, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  }
  return and(...conditions);
}

export async function findQueuePage(
  db: DbOrTx,
  filters: QueueFilters,
  {
    staffId,
    after,
    limit = QUEUE_PAGE,
    today,
  }: { staffId: string; after?: QueueCursor | null; limit?: number; today: Today },
) {
  const rows = await db
    .select({
      id: requests.id,
      reference: requests.reference,
      type: requests.type,
      state: requests.state,
      registeredAt: requests.registeredAt,
      dueAt: requests.dueAt,
      assigneeId: requests.assigneeId,
      assigneeName: users.name,
      assigneeEmail: users.email,
      subjectName: subjects.fullName,
      version: requests.version,
      cursorDueAt: sql<string>`to_char(${requests.dueAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(requests)
    .innerJoin(subjects, eq(subjects.id, requests.subjectId))
    .leftJoin(users, eq(users.id, requests.assigneeId))
    .where(
      and(
        whereOf(filters, staffId, today),
        // A row comparison, which PostgreSQL answers from the (due_at, id) index directly.
        after ? sql`(${requests.dueAt}, ${requests.id}) > (${after.dueAt}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(requests.dueAt), asc(requests.id))
    // The page size as a literal, not a parameter: a prepared statement's generic plan then knows
    // it reads 51 rows, not an unknown number it guesses at thousands (and plans a parallel scan for).
    .limit(sql.raw(String(Math.trunc(limit) + 1)) as unknown as number);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? `${last.cursorDueAt}_${last.id}` : null };
}
export type QueueRow = Awaited<ReturnType<typeof findQueuePage>>['rows'][number];
