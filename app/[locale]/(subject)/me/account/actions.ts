'use server';

import { z } from 'zod';
import { locales } from '@/db/schema/subjects';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, subjectZone } from '@/lib/actions/pipeline';
import { setSubjectLanguage } from '@/lib/account/language';

const schema = z.object({ locale: z.enum(locales) });

/** The language the operator writes to me in: e-mails, letters and PDFs. */
export async function setLanguageAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema,
    work: (tx, { locale }, { subject, actor }) => setSubjectLanguage(tx, { subjectId: subject.id, locale, actor }),
    page: () => '/me/account',
    done: (t) => t('myAccount.saved'),
  });
}
