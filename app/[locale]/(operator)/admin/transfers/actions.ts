'use server';

import { getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { runStaffAction } from '@/lib/backoffice/run-action';
import { isUuid } from '@/lib/ids';
import { recordTransfer } from '@/lib/transfers/record';

/** Register a transfer of a subject's data to a recipient (Art. 22(1)(5)); the notice follows (Art. 19). */
export async function recordTransferAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('compliance.transfers');
  const subjectId = data.get('subjectId');
  const recipientId = data.get('recipientId');
  const when = String(data.get('transferredAt') ?? '');
  return runStaffAction(
    'transfers.record',
    (tx, staff) =>
      recordTransfer(tx, staff, {
        subjectId: isUuid(subjectId) ? subjectId : '00000000-0000-0000-0000-000000000000',
        recipientId: isUuid(recipientId) ? recipientId : '00000000-0000-0000-0000-000000000000',
        // A datetime-local value is Kazakhstan time.
        transferredAt: new Date(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(when) ? `${when}:00+05:00` : 'invalid'),
        itemIds: data.getAll('items').filter(isUuid),
        basis: String(data.get('basis') ?? ''),
        crossBorderBasis: String(data.get('crossBorderBasis') ?? '') || null,
      }),
    t('registered'),
    '/admin/transfers',
  );
}
