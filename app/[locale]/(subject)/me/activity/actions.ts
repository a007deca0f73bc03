'use server';

import { z } from 'zod';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, subjectZone } from '@/lib/actions/pipeline';
import { setActivityEmails } from '@/lib/activity/preference';

const schema = z.object({ notify: z.enum(['on', 'off']).transform((value) => value === 'on') });

/** Turn the activity e-mails on or off (Art. 8-2: notices are the subject's to receive or not). */
export async function setActivityEmailsAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema,
    work: (tx, { notify }, { subject }) => setActivityEmails(tx, { subjectId: subject.id, notify }),
    page: () => '/me/activity',
    done: (t) => t('activity.saved'),
  });
}
