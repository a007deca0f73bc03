'use server';

import { getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { runStaffAction } from '@/lib/backoffice/run-action';
import { assignRequests } from '@/lib/backoffice/work';
import { isUuid } from '@/lib/ids';

/** The dpo assigns the requests ticked in the queue to one person. */
export async function assignSelectedAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('backoffice.queue');
  const requestIds = data.getAll('requestIds').filter(isUuid);
  const assigneeId = data.get('assigneeId');
  if (requestIds.length === 0) return { status: 'error', message: t('pickRequests') };
  return runStaffAction(
    'requests.assign',
    (tx, staff) => assignRequests(tx, staff, { requestIds, assigneeId: isUuid(assigneeId) ? assigneeId : '' }),
    t('assigned', { count: requestIds.length }),
    '/admin/requests',
  );
}
