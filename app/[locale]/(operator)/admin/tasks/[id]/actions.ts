'use server';

import { z } from 'zod';
import { id } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { closeTask } from '@/lib/tasks/close';

/**
 * The task page's answer, by the person who carried it out in the system: done (a note if any) or
 * failed (with the reason, which sends the request back to staff). lib/tasks checks the rest.
 */
export async function closeTaskAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('tasks.work'),
    schema: z.object({ taskId: id, outcome: z.enum(['done', 'failed']), note: z.string().optional() }),
    work: async (tx, input, staff) => {
      await closeTask(tx, { kind: 'staff', staff }, input.taskId, { outcome: input.outcome, note: input.note });
    },
    page: ({ taskId }) => `/admin/tasks/${taskId}`,
    done: (t) => t('backoffice.tasks.done.closed'),
  });
}
