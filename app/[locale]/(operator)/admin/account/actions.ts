'use server';

import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { endAllSessions } from '@/lib/auth/second-factor';

// The button says what it ends; a form without it ends nothing.
const ending = z.object({ scope: z.literal('all') });

/** Ends every session of the staff member, this one too: they sign in again from the start. */
export async function endAllSessionsAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('backoffice.enter'),
    schema: ending,
    work: (tx, _input, user) => endAllSessions(tx, user),
    done: () => ({ redirect: '/sign-in' }),
  });
}
