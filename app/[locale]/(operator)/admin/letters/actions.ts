'use server';

import { z } from 'zod';
import { id } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { markLetterPosted } from '@/lib/letters/letters';

/** Staff posted a letter to a subject without e-mail; the subject sees it in their activity. */
export async function markLetterPostedAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('letters.post'),
    schema: z.object({ letterId: id }),
    work: (tx, { letterId }, staff) => markLetterPosted(tx, staff, letterId),
    page: () => '/admin/letters',
    done: (t) => t('letters.posted'),
  });
}
