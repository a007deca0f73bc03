'use server';

import { getLocale } from 'next-intl/server';
import { z } from 'zod';
import { requestTypes } from '@/db/schema/requests';
import type { Locale } from '@/db/schema/subjects';
import { idempotencyKey, NOT_FOUND, uploads } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { accountZone, problems, runAction } from '@/lib/actions/pipeline';
import { checkRequestForm } from '@/lib/actions/request-form';
import { limits } from '@/lib/rate-limit';
import { fileSubjectRequest, subjectOfAccount } from '@/lib/requests/subject-requests';

const filing = z.object({ type: z.enum(requestTypes, { error: NOT_FOUND }), idempotencyKey, files: uploads });

/**
 * File a request: the type's own form is checked against my data, then filed in one transaction and
 * opened. Someone the operator holds nothing about may ask only for its formal answer (ACCESS,
 * Art. 24(1)(1)); filing it makes them a subject record, with no data, the request belongs to.
 */
export async function fileRequestAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: accountZone(),
    schema: filing,
    check: async (input, { subject }, form) =>
      subject || input.type === 'ACCESS'
        ? checkRequestForm(input, form, subject?.id ?? null)
        : problems({ key: NOT_FOUND }),
    limit: ({ user, subject }) => [limits.filingPerSubject, subject?.id ?? user.id],
    work: async (tx, { request, files, idempotencyKey }, account) => {
      const subject = await subjectOfAccount(tx, { ...account, locale: (await getLocale()) as Locale });
      const actor = { id: account.user.id, role: 'subject' as const };
      return fileSubjectRequest(tx, { subjectId: subject.id, actor, request, uploads: files, idempotencyKey });
    },
    done: (_t, filed) => ({ redirect: `/me/requests/${filed.id}?filed=1` }),
  });
}
