'use server';

import { getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { executeRequest, refuseRequest, type ExecuteInput } from '@/lib/backoffice/execute';
import { runStaffAction } from '@/lib/backoffice/run-action';
import {
  addInternalNote,
  assignRequests,
  extendDeadline,
  postStaffMessage,
  requestInformation,
  takeRequest,
} from '@/lib/backoffice/work';
import { isUuid } from '@/lib/ids';

/** The request page's actions; each names the permission it needs and hands over to lib/backoffice. */
const text = (data: FormData, name: string) => String(data.get(name) ?? '');
const version = (data: FormData) => Number(data.get('version'));
const requestId = (data: FormData) => {
  const id = data.get('requestId');
  return isUuid(id) ? id : '00000000-0000-0000-0000-000000000000';
};
const done = async (
  key: 'taken' | 'assigned' | 'sent' | 'noted' | 'infoRequested' | 'extended' | 'executed' | 'refused',
) => (await getTranslations('backoffice.request.done'))(key);
const page = (data: FormData) => `/admin/requests/${requestId(data)}`;

export async function takeAction(_state: FormState, data: FormData): Promise<FormState> {
  return runStaffAction(
    'requests.work',
    (tx, staff) => takeRequest(tx, staff, { requestId: requestId(data), version: version(data) }),
    await done('taken'),
    page(data),
  );
}

export async function assignAction(_state: FormState, data: FormData): Promise<FormState> {
  const assigneeId = data.get('assigneeId');
  return runStaffAction(
    'requests.assign',
    (tx, staff) =>
      assignRequests(tx, staff, { requestIds: [requestId(data)], assigneeId: isUuid(assigneeId) ? assigneeId : '' }),
    await done('assigned'),
    page(data),
  );
}

export async function messageAction(_state: FormState, data: FormData): Promise<FormState> {
  return runStaffAction(
    'requests.work',
    (tx, staff) => postStaffMessage(tx, staff, { requestId: requestId(data), body: text(data, 'body') }),
    await done('sent'),
    page(data),
  );
}

export async function noteAction(_state: FormState, data: FormData): Promise<FormState> {
  return runStaffAction(
    'requests.work',
    (tx, staff) => addInternalNote(tx, staff, { requestId: requestId(data), body: text(data, 'body') }),
    await done('noted'),
    page(data),
  );
}

export async function requestInfoAction(_state: FormState, data: FormData): Promise<FormState> {
  return runStaffAction(
    'requests.work',
    (tx, staff) =>
      requestInformation(tx, staff, { requestId: requestId(data), version: version(data), body: text(data, 'body') }),
    await done('infoRequested'),
    page(data),
  );
}

export async function extendAction(_state: FormState, data: FormData): Promise<FormState> {
  return runStaffAction(
    'deadlines.extend',
    (tx, staff) =>
      extendDeadline(tx, staff, {
        requestId: requestId(data),
        version: version(data),
        workingDays: Number(data.get('workingDays')),
        reason: text(data, 'reason'),
      }),
    await done('extended'),
    page(data),
  );
}

export async function executeAction(_state: FormState, data: FormData): Promise<FormState> {
  const decision = data.get('decision');
  const input: ExecuteInput = {
    requestId: requestId(data),
    version: version(data),
    outcome: text(data, 'outcome'),
    decision: decision === 'confirm' || decision === 'reject' || decision === 'uphold' ? decision : undefined,
  };
  return runStaffAction(
    'requests.work',
    (tx, staff) => executeRequest(tx, staff, input),
    await done('executed'),
    page(data),
  );
}

export async function refuseAction(_state: FormState, data: FormData): Promise<FormState> {
  return runStaffAction(
    'requests.work',
    (tx, staff) =>
      refuseRequest(tx, staff, {
        requestId: requestId(data),
        version: version(data),
        reasonCode: text(data, 'reasonCode'),
        legalBasis: text(data, 'legalBasis'),
        text: text(data, 'text'),
      }),
    await done('refused'),
    page(data),
  );
}
