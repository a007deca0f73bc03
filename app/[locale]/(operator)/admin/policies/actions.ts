'use server';

import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { approveDraft } from '@/lib/inventory/approve';

/** The dpo approves the current inventory as the next version of the privacy notice (audited). */
export async function publishNoticeAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('notice.publish'),
    // An approval is deliberate: the dpo ticks that the inventory as it stands is approved.
    schema: z.object({ confirm: z.literal('on') }),
    work: (tx, _input, staff) => approveDraft(tx, staff),
    page: () => '/admin/policies',
    done: (t, { version }) => t('compliance.privacy.published', { version }),
  });
}
