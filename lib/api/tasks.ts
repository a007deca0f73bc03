import type { z } from 'zod';
import type { Tx } from '@/db';
import { isDomainError } from '@/lib/errors';
import { closeTask, listTasksForSystem, type TaskView } from '@/lib/tasks';
import type { ApiCaller } from './authenticate';
import { ApiProblem } from './problems';
import type { taskAnswer, tasksAnswer, tasksQuery } from './schemas';

/**
 * The token's system's tasks (issue 13, point 3), through lib/tasks: listed in keyset pages, closed
 * done (with a note) or failed (with a reason). A token sees and closes only its own system's
 * tasks: another system's task is not found. Closing a closed task the same way again is answered
 * with the task (a retry); the other way is 409 task-closed. The list carries no personal value
 * (ids, codes, dates), so it is not a view of the subjects' data; closing is audited by lib/tasks.
 */
function view(task: TaskView): z.input<typeof taskAnswer> {
  return {
    id: task.id,
    systemCode: task.systemCode,
    reference: task.reference,
    type: task.type,
    action: task.action,
    state: task.state,
    purposeCode: task.purposeCode,
    dueAt: task.dueAt.toISOString(),
    attempt: task.attempt,
    note: task.note,
    createdAt: task.createdAt.toISOString(),
    closedAt: task.closedAt?.toISOString() ?? null,
    items: task.items,
  };
}

/** lib/tasks's refusals as the API's problems. */
function asTaskProblem(error: unknown): never {
  if (isDomainError(error)) {
    switch (error.code) {
      case 'taskClosed':
        throw new ApiProblem('task-closed');
      case 'reasonRequired':
      case 'invalid':
        throw new ApiProblem('validation', 'The note or reason is missing or too long.');
      case 'invalidCursor':
        throw new ApiProblem('validation', 'The cursor is not one this API gave.', {
          errors: [{ field: 'cursor', code: 'invalid', detail: "Use the previous page's nextCursor as it is." }],
        });
    }
  }
  throw error;
}

export async function listSystemTasks(
  tx: Tx,
  caller: ApiCaller,
  query: z.output<typeof tasksQuery>,
): Promise<z.input<typeof tasksAnswer>> {
  if (query.system !== undefined && query.system !== caller.systemCode)
    throw new ApiProblem('other-system', `This token belongs to the system "${caller.systemCode}".`);
  const page = await listTasksForSystem(tx, caller.systemId, {
    state: query.state,
    cursor: query.cursor ?? null,
    limit: query.limit,
  }).catch(asTaskProblem);
  return { data: page.tasks.map(view), nextCursor: page.next };
}

export async function closeSystemTask(
  tx: Tx,
  caller: ApiCaller,
  taskId: string,
  answer: { outcome: 'done' | 'failed'; note: string | null },
): Promise<z.input<typeof taskAnswer>> {
  const closer = {
    kind: 'token' as const,
    tokenId: caller.tokenId,
    tokenName: caller.tokenName,
    systemId: caller.systemId,
  };
  return view(await closeTask(tx, closer, taskId, answer).catch(asTaskProblem));
}
