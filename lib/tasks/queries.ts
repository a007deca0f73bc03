import { and, asc, count, eq, inArray, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';
import {
  executionTaskItems,
  executionTasks,
  type TaskAction,
  type TaskState,
  taskStates,
} from '@/db/schema/integrations';
import { dataCategories, purposes, systems } from '@/db/schema/inventory';
import { requests, type RequestState, type RequestType } from '@/db/schema/requests';
import { DomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';

/**
 * A task as the API and the back office show it: what to do, for which request and by when, and
 * which items (by category). Never a value: the value to change is read, with an audit event, only
 * on the back office's task page (lib/tasks/values.ts) or put in the webhook at delivery time.
 */
export type TaskView = {
  id: string;
  systemId: string;
  systemCode: string;
  requestId: string;
  reference: string;
  type: RequestType;
  action: TaskAction;
  state: TaskState;
  /** The purpose whose processing stops (stop_processing), by code. */
  purposeCode: string | null;
  dueAt: Date;
  attempt: number;
  /** The note given on done, or the reason given on failed. */
  note: string | null;
  createdAt: Date;
  closedAt: Date | null;
  items: { itemId: string; categoryCode: string }[];
};

export type TaskDetail = TaskView & {
  subjectId: string;
  requestState: RequestState;
  systemName: { kk: string; ru: string; en: string };
  systemExecution: 'api' | 'manual';
  assigneeId: string | null;
  assigneeName: string | null;
  closedById: string | null;
  closedByTokenId: string | null;
  purposeName: { kk: string; ru: string; en: string } | null;
};

const taskColumns = {
  id: executionTasks.id,
  systemId: executionTasks.systemId,
  systemCode: systems.code,
  requestId: executionTasks.requestId,
  reference: requests.reference,
  type: requests.type,
  action: executionTasks.action,
  state: executionTasks.state,
  purposeCode: purposes.code,
  dueAt: requests.dueAt,
  attempt: executionTasks.attempt,
  note: executionTasks.note,
  createdAt: executionTasks.createdAt,
  closedAt: executionTasks.closedAt,
};

type NamedItem = TaskView['items'][number] & { categoryName: { kk: string; ru: string; en: string } };

async function itemsOf(db: DbOrTx, taskIds: string[]) {
  const byTask = new Map<string, NamedItem[]>();
  if (taskIds.length === 0) return byTask;
  const rows = await db
    .select({
      taskId: executionTaskItems.taskId,
      itemId: executionTaskItems.dataItemId,
      code: dataCategories.code,
      name: dataCategories.name,
    })
    .from(executionTaskItems)
    .innerJoin(dataCategories, eq(dataCategories.id, executionTaskItems.categoryId))
    .where(inArray(executionTaskItems.taskId, taskIds))
    .orderBy(dataCategories.sortOrder, executionTaskItems.dataItemId);
  for (const row of rows) {
    const list = byTask.get(row.taskId) ?? [];
    list.push({ itemId: row.itemId, categoryCode: row.code, categoryName: row.name });
    byTask.set(row.taskId, list);
  }
  return byTask;
}

/** The public shape of a task's items: id and category code (the names are the back office's). */
const codesOf = (items: NamedItem[] = []) => items.map(({ itemId, categoryCode }) => ({ itemId, categoryCode }));

export const TASK_PAGE_MAX = 100;

/**
 * A page cursor: `<created at, in microseconds since 1970>_<task id>`, as listTasksForSystem writes
 * it. Microseconds, not an ISO time: PostgreSQL keeps them, and a cursor rounded to milliseconds
 * would show a row twice.
 */
function parseCursor(cursor: string): { micros: string; id: string } {
  const [micros = '', id = '', ...rest] = cursor.split('_');
  if (rest.length > 0 || !isUuid(id) || !/^\d{1,18}$/.test(micros)) throw new DomainError('invalidCursor');
  return { micros, id };
}

/**
 * A system's tasks, oldest first, in keyset pages on (created_at, id) (the index
 * execution_tasks_system_open serves open and failed ones). `state` defaults to 'open'. A cursor
 * that is not one this function wrote is refused with DomainError('invalidCursor').
 */
export async function listTasksForSystem(
  db: DbOrTx,
  systemId: string,
  { state = 'open', cursor = null, limit = 50 }: { state?: TaskState; cursor?: string | null; limit: number },
): Promise<{ tasks: TaskView[]; next: string | null }> {
  if (!taskStates.includes(state)) throw new DomainError('invalid');
  const size = Math.max(1, Math.min(TASK_PAGE_MAX, Math.trunc(limit) || 1));
  const after = cursor ? parseCursor(cursor) : null;
  const rows = await db
    .select({
      ...taskColumns,
      micros: sql<string>`(extract(epoch from ${executionTasks.createdAt}) * 1000000)::bigint::text`,
    })
    .from(executionTasks)
    .innerJoin(systems, eq(systems.id, executionTasks.systemId))
    .innerJoin(requests, eq(requests.id, executionTasks.requestId))
    .leftJoin(purposes, eq(purposes.id, executionTasks.purposeId))
    .where(
      and(
        eq(executionTasks.systemId, systemId),
        eq(executionTasks.state, state),
        after
          ? sql`(${executionTasks.createdAt}, ${executionTasks.id}) > ('epoch'::timestamptz + ${after.micros}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(executionTasks.createdAt), asc(executionTasks.id))
    .limit(size + 1);
  const page = rows.slice(0, size);
  const items = await itemsOf(
    db,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    tasks: page.map(({ micros: _micros, ...r }) => ({ ...r, items: codesOf(items.get(r.id)) })),
    next: rows.length > size && last ? `${last.micros}_${last.id}` : null,
  };
}

/** One task with its system, request and assignee; null when there is none with this id. */
export async function taskDetail(db: DbOrTx, taskId: string): Promise<TaskDetail | null> {
  if (!isUuid(taskId)) return null;
  const [row] = await db
    .select({
      ...taskColumns,
      subjectId: requests.subjectId,
      requestState: requests.state,
      systemName: systems.name,
      systemExecution: systems.execution,
      assigneeId: executionTasks.assigneeId,
      assigneeName: users.name,
      closedById: executionTasks.closedById,
      closedByTokenId: executionTasks.closedByTokenId,
      purposeName: purposes.name,
    })
    .from(executionTasks)
    .innerJoin(systems, eq(systems.id, executionTasks.systemId))
    .innerJoin(requests, eq(requests.id, executionTasks.requestId))
    .leftJoin(purposes, eq(purposes.id, executionTasks.purposeId))
    .leftJoin(users, eq(users.id, executionTasks.assigneeId))
    .where(eq(executionTasks.id, taskId));
  if (!row) return null;
  const items = await itemsOf(db, [row.id]);
  return { ...row, items: codesOf(items.get(row.id)) };
}

/** A request's tasks, by system, for the staff request page. */
export async function listRequestTasks(db: DbOrTx, requestId: string) {
  const rows = await db
    .select({
      ...taskColumns,
      systemName: systems.name,
      systemExecution: systems.execution,
      assigneeName: users.name,
      assigneeEmail: users.email,
    })
    .from(executionTasks)
    .innerJoin(systems, eq(systems.id, executionTasks.systemId))
    .innerJoin(requests, eq(requests.id, executionTasks.requestId))
    .leftJoin(purposes, eq(purposes.id, executionTasks.purposeId))
    .leftJoin(users, eq(users.id, executionTasks.assigneeId))
    .where(eq(executionTasks.requestId, requestId))
    .orderBy(asc(systems.sortOrder), asc(systems.code), asc(executionTasks.createdAt));
  const items = await itemsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, items: items.get(r.id) ?? [] }));
}
export type RequestTask = Awaited<ReturnType<typeof listRequestTasks>>[number];

/** How far a request's execution has reached: systems whose every task is done, of the systems with tasks. */
export type ExecutionProgress = { done: number; total: number; failed: number };

/** For a page of requests, in one query: their progress by id (requests without tasks are absent). */
export async function findExecutionProgress(db: DbOrTx, requestIds: string[]): Promise<Map<string, ExecutionProgress>> {
  const progress = new Map<string, ExecutionProgress>();
  if (requestIds.length === 0) return progress;
  const rows = await db.execute<{ request_id: string; done: string; total: string; failed: string }>(sql`
    select request_id,
           count(*) filter (where all_done) as done,
           count(*) as total,
           count(*) filter (where any_failed) as failed
      from (select request_id, system_id, bool_and(state = 'done') as all_done, bool_or(state = 'failed') as any_failed
              from execution_tasks
             where request_id in (${sql.join(
               requestIds.map((id) => sql`${id}::uuid`),
               sql`, `,
             )})
             group by request_id, system_id) per_system
     group by request_id`);
  for (const row of rows)
    progress.set(row.request_id, { done: Number(row.done), total: Number(row.total), failed: Number(row.failed) });
  return progress;
}

/**
 * The subject's view of the execution (Art. 25(2)(8)): how many of the operator's systems have
 * carried it out; the systems' names only if the operator chose to show them.
 */
export async function findSubjectExecution(db: DbOrTx, requestId: string, { withNames }: { withNames: boolean }) {
  const rows = await db
    .select({
      systemId: systems.id,
      name: systems.name,
      allDone: sql<boolean>`bool_and(${executionTasks.state} = 'done')`,
    })
    .from(executionTasks)
    .innerJoin(systems, eq(systems.id, executionTasks.systemId))
    .where(eq(executionTasks.requestId, requestId))
    .groupBy(systems.id, systems.name, systems.sortOrder, systems.code)
    .orderBy(asc(systems.sortOrder), asc(systems.code));
  return {
    done: rows.filter((r) => r.allDone).length,
    total: rows.length,
    systems: withNames ? rows.map((r) => ({ name: r.name, done: r.allDone })) : null,
  };
}

/** A page of the back office's task list: at most this many rows. */
export const STAFF_TASK_PAGE = 50;

/**
 * Where a page of the staff task list starts: `<0 mine | 1 not>_<due micros>_<created micros>_<id>`,
 * the sort key of the last row shown. Microseconds, as PostgreSQL keeps them: a rounded cursor
 * would repeat or skip rows that share a due time. Anything else is no cursor (the first page).
 */
function parseStaffCursor(cursor: string | null | undefined) {
  const parts = cursor?.split('_') ?? [];
  const [notMine, due, created, id] = parts;
  if (parts.length !== 4 || !/^[01]$/.test(notMine!) || !isUuid(id!)) return null;
  if (![due, created].every((n) => /^\d{1,18}$/.test(n!))) return null;
  return { notMine: notMine === '1', due: due!, created: created!, id: id! };
}

const micros = (column: SQL | AnyColumn) => sql<string>`(extract(epoch from ${column}) * 1000000)::bigint::text`;
const fromMicros = (value: string) => sql`('epoch'::timestamptz + ${value}::bigint * interval '1 microsecond')`;

/**
 * The back office's task list (tasks.work): open and failed tasks of systems reached "by a
 * person", the staff member's own first, then by the request's due time, in keyset pages of
 * STAFF_TASK_PAGE after `after` (a cursor this function wrote in `next`), with the total count.
 */
export async function listStaffTasks(
  db: DbOrTx,
  staffId: string,
  { after = null, limit = STAFF_TASK_PAGE }: { after?: string | null; limit?: number } = {},
) {
  const notMine = sql<boolean>`(${executionTasks.assigneeId} is distinct from ${staffId})`;
  const waiting = and(ne(executionTasks.state, 'done'), eq(systems.execution, 'manual'));
  const from = parseStaffCursor(after);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ...taskColumns,
        systemName: systems.name,
        assigneeId: executionTasks.assigneeId,
        assigneeName: users.name,
        assigneeEmail: users.email,
        notMine,
        dueMicros: micros(requests.dueAt),
        createdMicros: micros(executionTasks.createdAt),
      })
      .from(executionTasks)
      .innerJoin(systems, eq(systems.id, executionTasks.systemId))
      .innerJoin(requests, eq(requests.id, executionTasks.requestId))
      .leftJoin(purposes, eq(purposes.id, executionTasks.purposeId))
      .leftJoin(users, eq(users.id, executionTasks.assigneeId))
      .where(
        and(
          waiting,
          from
            ? sql`(${notMine}, ${requests.dueAt}, ${executionTasks.createdAt}, ${executionTasks.id}) > (${from.notMine}, ${fromMicros(from.due)}, ${fromMicros(from.created)}, ${from.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(notMine, asc(requests.dueAt), asc(executionTasks.createdAt), asc(executionTasks.id))
      .limit(limit + 1),
    db
      .select({ n: count() })
      .from(executionTasks)
      .innerJoin(systems, eq(systems.id, executionTasks.systemId))
      .where(waiting),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    tasks: page.map(({ notMine: _n, dueMicros: _d, createdMicros: _c, ...task }) => task),
    next:
      rows.length > limit && last ? `${last.notMine ? 1 : 0}_${last.dueMicros}_${last.createdMicros}_${last.id}` : null,
    total: total?.n ?? 0,
  };
}
export type StaffTask = Awaited<ReturnType<typeof listStaffTasks>>['tasks'][number];
