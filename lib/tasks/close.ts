import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { executionTasks, type ExecutionTask } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { requests, type Request } from '@/db/schema/requests';
import type { Actor } from '@/lib/audit/record';
import { recordAudit } from '@/lib/audit/record';
import { authorize, type Staff } from '@/lib/auth/authorize';
import {
  addEvent,
  auditRequestUpdate,
  lockRequest,
  recordRequestEvent,
  updateRequest,
  updateRequestWithEvent,
} from '@/lib/backoffice/request-state';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { recordEvent } from '@/lib/events/record';
import { isUuid } from '@/lib/ids';
import { taskDetail, type TaskDetail } from './queries';

/** Who closes a task: a staff member in the back office, or a system through the API with its token. */
export type TaskCloser =
  { kind: 'staff'; staff: Staff } | { kind: 'token'; tokenId: string; tokenName: string; systemId: string };

/**
 * Why closing or resending a task was refused (DomainError codes):
 * - `notFound`: no such task, or a task of another system than the token's (a token learns
 *   nothing of other systems' tasks);
 * - `taskClosed`: the task was already closed the other way (done, then failed, or back);
 * - `reasonRequired`: failing a task needs a reason; `noteRequired`: marking one done by hand needs a
 *   note; `invalid`: a note or reason over 2,000 characters;
 * - `forbidden`: the staff member lacks the permission.
 */
export type TaskRefusal = 'notFound' | 'taskClosed' | 'reasonRequired' | 'noteRequired' | 'invalid' | 'forbidden';

export const TASK_NOTE_MAX = 2000;

const actorOf = (closer: TaskCloser): Actor =>
  closer.kind === 'staff' ? closer.staff : { id: closer.tokenId, role: 'api' };
const staffOf = (closer: TaskCloser): Staff | null => (closer.kind === 'staff' ? closer.staff : null);

/** The request's tasks, counted: open, failed and in all (an SQL fragment, for a statement that reads more). */
export const taskCountsSql = (requestId: string) => sql<TaskCounts>`(
  select json_build_object('open', count(*) filter (where state = 'open'), 'failed', count(*) filter (where state = 'failed'),
                           'total', count(*))
  from execution_tasks where request_id = ${requestId})`;
export type TaskCounts = { open: number; failed: number; total: number };

async function countTasks(tx: Tx, requestId: string): Promise<TaskCounts> {
  const [row] = await tx
    .select({
      open: sql<number>`count(*) filter (where ${executionTasks.state} = 'open')::int`,
      failed: sql<number>`count(*) filter (where ${executionTasks.state} = 'failed')::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(executionTasks)
    .where(eq(executionTasks.requestId, requestId));
  return row ?? { open: 0, failed: 0, total: 0 };
}

/** Whether a request was executed in the portal and is now with the operator's systems (or back with staff after a failure). */
export async function hasTasks(tx: Tx, requestId: string): Promise<boolean> {
  return (await countTasks(tx, requestId)).total > 0;
}

/**
 * A request executed in the portal is not executed again, refused, or put on hold for information
 * while its tasks run or wait for staff after a failure: its data already changed. Only a BLOCK
 * under review (DATA_BLOCKED) goes on to its decision with its blocking tasks under way.
 */
export async function requireNotExecuted(tx: Tx, request: Request) {
  if (request.state === 'EXECUTING') throw new DomainError<StaffRefusal>('executing');
  if (request.state !== 'DATA_BLOCKED' && (await hasTasks(tx, request.id)))
    throw new DomainError<StaffRefusal>('executing');
}

/** requireNotExecuted, with the request's tasks already counted (read with the request's other checks). */
export function refuseIfExecuted(request: Request, tasks: TaskCounts) {
  if (request.state === 'EXECUTING') throw new DomainError<StaffRefusal>('executing');
  if (request.state !== 'DATA_BLOCKED' && tasks.total > 0) throw new DomainError<StaffRefusal>('executing');
}

/**
 * The end of an execution in the portal (lib/backoffice/execute.ts, `complete`) when the systems
 * still have work: EXECUTING while tasks are open, back to staff (IN_PROGRESS) if one already
 * failed. The answer to the subject is kept, and given (with the e-mail and `request.executed`)
 * when the last task is done. Returns false when no task is open or failed: complete at once.
 */
export async function holdForTasks(
  tx: Tx,
  request: Request,
  staff: Staff,
  outcome: string | null,
  /** The tasks as the caller knows them (none before the execution, and those it just wrote): no count needed. */
  known?: Pick<TaskCounts, 'open' | 'failed'>,
): Promise<boolean> {
  const { open, failed } = known ?? (await countTasks(tx, request.id));
  if (open + failed === 0) return false;
  const state = failed > 0 ? 'IN_PROGRESS' : 'EXECUTING';
  // Sent together: one round trip (the update and its event one statement).
  await Promise.all([
    updateRequestWithEvent(tx, request, { state, outcome, assigneeId: request.assigneeId ?? staff.id }, staff, {
      kind: 'state_changed',
      visibility: state === 'EXECUTING' ? 'subject' : 'internal',
      toState: state,
    }),
    auditRequestUpdate(tx, request, staff, { state }),
  ]);
  return true;
}

/** Art. 25(2)(8): the last system has carried it out; the request is completed and the subject told. */
async function completeExecuted(tx: Tx, request: Request, closer: TaskCloser) {
  await updateRequest(tx, request, { state: 'COMPLETED', completedAt: new Date() });
  await addEvent(tx, request, staffOf(closer), {
    kind: 'executed',
    visibility: 'subject',
    body: request.outcome,
    toState: 'COMPLETED',
  });
  await auditRequestUpdate(tx, request, actorOf(closer), { state: 'COMPLETED' });
  await recordRequestEvent(tx, request, 'request.executed', { outcome: request.outcome });
}

/**
 * Where an executed request stands after one of its tasks changed: completed when every task is
 * done, back with staff (IN_PROGRESS, the reason in an internal event) when one failed, EXECUTING
 * while tasks are open. A BLOCK under review keeps its state (its decision is still to come); a
 * closed request keeps its own; a failure is still put on its timeline for staff.
 */
async function settle(
  tx: Tx,
  request: Request,
  closer: TaskCloser,
  failure: { reason: string; system: string } | null,
) {
  const executed = request.state === 'EXECUTING' || request.state === 'IN_PROGRESS';
  const { open, failed } = await countTasks(tx, request.id);
  if (!executed) {
    if (failure)
      await addEvent(tx, request, staffOf(closer), {
        kind: 'note',
        visibility: 'internal',
        body: failure.reason,
        details: { taskFailed: failure.system },
      });
    return;
  }
  if (failed === 0 && open === 0) return completeExecuted(tx, request, closer);
  const state = failed > 0 ? 'IN_PROGRESS' : 'EXECUTING';
  if (state === request.state) {
    if (failure)
      await addEvent(tx, request, staffOf(closer), {
        kind: 'note',
        visibility: 'internal',
        body: failure.reason,
        details: { taskFailed: failure.system },
      });
    return;
  }
  await updateRequest(tx, request, { state });
  await addEvent(tx, request, staffOf(closer), {
    kind: 'state_changed',
    visibility: state === 'EXECUTING' ? 'subject' : 'internal',
    toState: state,
    body: failure?.reason ?? null,
    details: failure ? { taskFailed: failure.system } : undefined,
  });
  await auditRequestUpdate(tx, request, actorOf(closer), { state });
}

/**
 * The task's request locked first, then the task: the order every writer of both follows.
 * `requestId`, from a request's page: the task must be that request's.
 */
async function lockTask(
  tx: Tx,
  taskId: string,
  requestId?: string,
): Promise<{ task: ExecutionTask; request: Request; systemCode: string }> {
  if (!isUuid(taskId)) throw new DomainError<TaskRefusal>('notFound');
  const [found] = await tx
    .select({ requestId: executionTasks.requestId })
    .from(executionTasks)
    .where(eq(executionTasks.id, taskId));
  if (!found || (requestId !== undefined && found.requestId !== requestId))
    throw new DomainError<TaskRefusal>('notFound');
  const request = await lockRequest(tx, found.requestId, null, { open: false });
  const [row] = await tx
    .select({ task: executionTasks, systemCode: systems.code })
    .from(executionTasks)
    .innerJoin(systems, eq(systems.id, executionTasks.systemId))
    .where(eq(executionTasks.id, taskId))
    .for('update', { of: executionTasks });
  if (!row) throw new DomainError<TaskRefusal>('notFound');
  return { task: row.task, request, systemCode: row.systemCode };
}

async function taskEventPayload(tx: Tx, taskId: string) {
  const detail = (await taskDetail(tx, taskId))!;
  return {
    detail,
    payload: {
      taskId: detail.id,
      systemId: detail.systemId,
      systemCode: detail.systemCode,
      requestId: detail.requestId,
      reference: detail.reference,
      type: detail.type,
      action: detail.action,
      dueAt: detail.dueAt.toISOString(),
      items: detail.items,
    },
  };
}

function cleanNote(note: string | null | undefined, required: 'reasonRequired' | 'noteRequired' | null) {
  const text = note?.trim() || null;
  if (required && !text) throw new DomainError<TaskRefusal>(required);
  if (text && text.length > TASK_NOTE_MAX) throw new DomainError<TaskRefusal>('invalid');
  return text;
}

/**
 * A system's answer to its task: done (with an optional note) or failed (with a reason). A token
 * closes only its own system's tasks; staff need `tasks.work`. Closing a closed task the same way
 * again changes nothing and returns it (a retried API call); the other way is refused. The task's
 * event, the audit entry the subject sees (Art. 8-2) and the request's next state are written in
 * the caller's transaction.
 */
export async function closeTask(
  tx: Tx,
  closer: TaskCloser,
  taskId: string,
  { outcome, note }: { outcome: 'done' | 'failed'; note?: string | null },
): Promise<TaskDetail> {
  if (closer.kind === 'staff') authorize(closer.staff, 'tasks.work');
  const text = cleanNote(note, outcome === 'failed' ? 'reasonRequired' : null);
  const { task, request, systemCode } = await lockTask(tx, taskId);
  if (closer.kind === 'token' && task.systemId !== closer.systemId) throw new DomainError<TaskRefusal>('notFound');
  if (task.state === outcome) return (await taskDetail(tx, taskId))!;
  if (task.state !== 'open') throw new DomainError<TaskRefusal>('taskClosed');
  return finish(tx, closer, task, request, systemCode, outcome, text);
}

async function finish(
  tx: Tx,
  closer: TaskCloser,
  task: ExecutionTask,
  request: Request,
  systemCode: string,
  outcome: 'done' | 'failed',
  text: string | null,
): Promise<TaskDetail> {
  await tx
    .update(executionTasks)
    .set({
      state: outcome,
      note: text,
      closedAt: new Date(),
      closedById: closer.kind === 'staff' ? closer.staff.id : null,
      closedByTokenId: closer.kind === 'token' ? closer.tokenId : null,
      updatedAt: new Date(),
    })
    .where(eq(executionTasks.id, task.id));
  // The subject sees that the operator's system carried out (or could not carry out) their request.
  await recordAudit(tx, {
    actor: actorOf(closer),
    action: 'request_updated',
    subjectId: request.subjectId,
    entityType: 'request',
    entityId: request.id,
    reason: request.reference,
    details: {
      task: task.id,
      system: systemCode,
      action: task.action,
      outcome,
      ...(closer.kind === 'token' ? { token: closer.tokenName } : {}),
    },
  });
  const { detail, payload } = await taskEventPayload(tx, task.id);
  if (outcome === 'done')
    await recordEvent(tx, { type: 'task.done', subjectId: request.subjectId, payload: { ...payload, note: text } });
  else
    await recordEvent(tx, {
      type: 'task.failed',
      subjectId: request.subjectId,
      payload: { ...payload, reason: text ?? '' },
    });
  await settle(tx, request, closer, outcome === 'failed' ? { reason: text ?? '', system: systemCode } : null);
  return { ...detail };
}

/**
 * Staff, after a failure: the task goes back to its system as it was (open, one more attempt, a new
 * `task.created` with the same task id, so a system reached by API is told again). Sending again
 * a task already open changes nothing.
 */
export async function sendTaskAgain(
  tx: Tx,
  user: Staff,
  { taskId, requestId }: { taskId: string; requestId?: string },
): Promise<TaskDetail> {
  const staff = authorize(user, 'requests.work');
  const { task, request, systemCode } = await lockTask(tx, taskId, requestId);
  if (task.state === 'open') return (await taskDetail(tx, taskId))!;
  if (task.state !== 'failed') throw new DomainError<TaskRefusal>('taskClosed');
  await tx
    .update(executionTasks)
    .set({
      state: 'open',
      note: null,
      closedAt: null,
      closedById: null,
      closedByTokenId: null,
      attempt: sql`${executionTasks.attempt} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(executionTasks.id, task.id), eq(executionTasks.state, 'failed')));
  await auditRequestUpdate(tx, request, staff, { task: task.id, system: systemCode, sentAgain: task.attempt + 1 });
  const { detail, payload } = await taskEventPayload(tx, task.id);
  await recordEvent(tx, { type: 'task.created', subjectId: request.subjectId, payload });
  await settle(tx, request, { kind: 'staff', staff }, null);
  return detail;
}

/**
 * Staff: the change was made in the system by a person (after a failure, or while a system reached
 * by API cannot answer), said in a note; the task, open or failed, is done as if its system had
 * closed it. A system closing it afterwards the same way changes nothing (closeTask).
 */
export async function markTaskDoneByHand(
  tx: Tx,
  user: Staff,
  { taskId, note, requestId }: { taskId: string; note: string; requestId?: string },
): Promise<TaskDetail> {
  const staff = authorize(user, 'requests.work');
  const text = cleanNote(note, 'noteRequired');
  const { task, request, systemCode } = await lockTask(tx, taskId, requestId);
  if (task.state === 'done') return (await taskDetail(tx, taskId))!;
  return finish(tx, { kind: 'staff', staff }, task, request, systemCode, 'done', text);
}

/** The request a task belongs to, for pages that link back; null when there is no such task. */
export async function findTaskRequestId(tx: Tx, taskId: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: requests.id })
    .from(executionTasks)
    .innerJoin(requests, eq(requests.id, executionTasks.requestId))
    .where(eq(executionTasks.id, taskId));
  return row?.id ?? null;
}
