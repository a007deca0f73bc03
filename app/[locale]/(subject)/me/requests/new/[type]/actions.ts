'use server';

import { z } from 'zod';
import { requestTypes } from '@/db/schema/requests';
import { idempotencyKey, NOT_FOUND, uploads } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, subjectZone } from '@/lib/actions/pipeline';
import { checkRequestForm } from '@/lib/actions/request-form';
import { limits } from '@/lib/rate-limit';
import { fileSubjectRequest } from '@/lib/requests/subject-requests';

const filing = z.object({ type: z.enum(requestTypes, { error: NOT_FOUND }), idempotencyKey, files: uploads });

/** File a request: the type's own form is checked against my data, then filed in one transaction and opened. */
export async function fileRequestAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema: filing,
    check: (input, { subject }, form) => checkRequestForm(input, form, subject.id),
    limit: ({ subject }) => [limits.filingPerSubject, subject.id],
    work: (tx, { request, files, idempotencyKey }, { subject, actor }) =>
      fileSubjectRequest(tx, { subjectId: subject.id, actor, request, uploads: files, idempotencyKey }),
    done: (_t, filed) => ({ redirect: `/me/requests/${filed.id}?filed=1` }),
  });
}
