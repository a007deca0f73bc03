'use server';

import { z } from 'zod';
import { id, uploads, version } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, subjectZone } from '@/lib/actions/pipeline';
import { cancelOwnRequest, postSubjectMessage } from '@/lib/requests/subject-actions';
import { MAX_TEXT_LENGTH } from '@/lib/requests/values';
import { limits } from '@/lib/rate-limit';

const page = ({ requestId }: { requestId: string }) => `/me/requests/${requestId}`;

const cancellation = z.object({ requestId: id, version });

/** Cancel my request while the operator has not acted on it (the page's version must still hold). */
export async function cancelRequestAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema: cancellation,
    work: (tx, input, { subject, actor }) => cancelOwnRequest(tx, { ...input, subjectId: subject.id, actor }),
    page,
    done: (t) => t('requests.detail.cancelled'),
  });
}

const message = z.object({
  requestId: id,
  body: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
  files: uploads,
});

/** Write to the operator about my request, with documents. */
export async function sendMessageAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema: message,
    limit: ({ subject }) => [limits.messagesPerSubject, subject.id],
    work: (tx, { requestId, body, files }, { subject, actor }) =>
      postSubjectMessage(tx, { subjectId: subject.id, requestId, body, uploads: files, actor }),
    page,
    done: (t) => t('requests.detail.sent'),
  });
}
