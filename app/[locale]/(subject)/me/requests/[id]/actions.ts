'use server';

import type { FormState } from '@/lib/actions/form-state';
import { runAction, subjectZone } from '@/lib/actions/pipeline';
import { cancellationForm, messageForm } from '@/lib/requests/subject-action-forms';
import { cancelOwnRequest, postSubjectMessage } from '@/lib/requests/subject-actions';
import { limits } from '@/lib/rate-limit';

const page = ({ requestId }: { requestId: string }) => `/me/requests/${requestId}`;

/** Cancel my request while the operator has not acted on it (the page's version must still hold). */
export async function cancelRequestAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema: cancellationForm,
    work: (tx, input, { subject, actor }) => cancelOwnRequest(tx, { ...input, subjectId: subject.id, actor }),
    page,
    done: (t) => t('requests.detail.cancelled'),
  });
}

/** Write to the operator about my request, with documents. */
export async function sendMessageAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema: messageForm,
    limit: ({ subject }) => [limits.messagesPerSubject, subject.id],
    work: (tx, { requestId, body, files }, { subject, actor }) =>
      postSubjectMessage(tx, { subjectId: subject.id, requestId, body, uploads: files, actor }),
    page,
    done: (t) => t('requests.detail.sent'),
  });
}
