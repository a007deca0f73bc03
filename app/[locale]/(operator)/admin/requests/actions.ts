'use server';

import { z } from 'zod';
import { id } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { assignRequests } from '@/lib/backoffice/work';

const selection = z
  .object({ requestIds: z.array(id), assigneeId: z.uuid() })
  // The form's own message: the ticks are in the table above, not a field of their own.
  .refine((form) => form.requestIds.length > 0, { error: 'backoffice.queue.pickRequests' });

/** The dpo assigns the requests ticked in the queue to one person. */
export async function assignSelectedAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.assign'),
    schema: selection,
    work: (tx, input, staff) => assignRequests(tx, staff, input),
    page: () => '/admin/requests',
    done: (t, _result, { requestIds }) => t('backoffice.queue.assigned', { count: requestIds.length }),
  });
}
