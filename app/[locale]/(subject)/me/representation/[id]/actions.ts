'use server';

import type { FormState } from '@/lib/actions/form-state';
import { runAction, subjectZone } from '@/lib/actions/pipeline';
import { limits } from '@/lib/rate-limit';
import { cancellationForm, messageForm } from '@/lib/requests/subject-action-forms';
import { cancelOwnRequest, postSubjectMessage } from '@/lib/requests/subject-actions';

/**
 * Art. 24: the representative who filed a request from their account answers the operator on it
 * and may cancel it, as the subject could on their own; lib/requests/subject-actions.ts finds only
 * the requests this account filed.
 */
const page = ({ requestId }: { requestId: string }) => `/me/representation/${requestId}`;

export async function cancelRepresentedAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema: cancellationForm,
    work: (tx, input, { subject, actor }) =>
      cancelOwnRequest(tx, { ...input, subjectId: subject.id, asRepresentative: true, actor }),
    page,
    done: (t) => t('requests.detail.cancelled'),
  });
}

export async function messageRepresentedAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: subjectZone(),
    schema: messageForm,
    limit: ({ subject }) => [limits.messagesPerSubject, subject.id],
    work: (tx, { requestId, body, files }, { subject, actor }) =>
      postSubjectMessage(tx, { subjectId: subject.id, requestId, body, uploads: files, asRepresentative: true, actor }),
    page,
    done: (t) => t('requests.detail.sent'),
  });
}
