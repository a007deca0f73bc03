'use server';

import { z } from 'zod';
import { id, kazakhstanTime, optionalText } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { recordTransfer } from '@/lib/transfers/record';

const transfer = z.object({
  subjectId: id,
  recipientId: z.uuid(),
  transferredAt: kazakhstanTime(),
  items: z.array(z.uuid()),
  basis: z.string(),
  crossBorderBasis: optionalText,
});

/** Register a transfer of a subject's data to a recipient (Art. 22(1)(5)); the notice follows (Art. 19). */
export async function recordTransferAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('transfers.record'),
    schema: transfer,
    work: (tx, { items, ...input }, staff) => recordTransfer(tx, staff, { ...input, itemIds: items }),
    page: () => '/admin/transfers',
    done: (t) => t('compliance.transfers.registered'),
  });
}
