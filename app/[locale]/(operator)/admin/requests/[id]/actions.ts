'use server';

import { z } from 'zod';
import { getDb } from '@/db';
import { requestTypes } from '@/db/schema/requests';
import { id, version } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { confirmAuthority } from '@/lib/backoffice/authority';
import { executeRequest, prepareExecution, refuseRequest } from '@/lib/backoffice/execute';
import { isTemplateUnfinished } from '@/lib/backoffice/refusal-templates';
import {
  addInternalNote,
  assignRequests,
  extendDeadline,
  postStaffMessage,
  requestInformation,
  takeRequest,
} from '@/lib/backoffice/work';
import type { Decision } from '@/lib/requests/types/definition';
import { markTaskDoneByHand, sendTaskAgain } from '@/lib/tasks/close';

/**
 * The request page's actions; each names the permission it needs and hands over to lib/backoffice,
 * which checks the texts and the request's state. A form sent from an out-of-date page (its
 * version) lands back on the page with the reason on top.
 */
// A message, a note or a question with nothing in it is its field's error, so the field is marked.
const writtenText = z.string().trim().min(1);
const page = ({ requestId }: { requestId: string }) => `/admin/requests/${requestId}`;
const request = z.object({ requestId: id });
const versioned = request.extend({ version });

export async function takeAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: versioned,
    work: (tx, input, staff) => takeRequest(tx, staff, input),
    page,
    done: (t) => t('backoffice.request.done.taken'),
  });
}

export async function assignAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.assign'),
    schema: request.extend({ assigneeId: z.uuid() }),
    work: (tx, { requestId, assigneeId }, staff) => assignRequests(tx, staff, { requestIds: [requestId], assigneeId }),
    page,
    done: (t) => t('backoffice.request.done.assigned'),
  });
}

export async function messageAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: request.extend({ body: writtenText }),
    work: (tx, input, staff) => postStaffMessage(tx, staff, input),
    page,
    done: (t) => t('backoffice.request.done.sent'),
  });
}

export async function noteAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: request.extend({ body: writtenText }),
    work: (tx, input, staff) => addInternalNote(tx, staff, input),
    page,
    done: (t) => t('backoffice.request.done.noted'),
  });
}

export async function requestInfoAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: versioned.extend({ body: writtenText }),
    work: (tx, input, staff) => requestInformation(tx, staff, input),
    page,
    done: (t) => t('backoffice.request.done.infoRequested'),
  });
}

export async function extendAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('deadlines.extend'),
    // The policy's limit is the domain's to check; an empty field is 0 days, which it refuses.
    schema: versioned.extend({ workingDays: z.coerce.number(), reason: z.string() }),
    work: (tx, input, staff) => extendDeadline(tx, staff, input),
    page,
    done: (t) => t('backoffice.request.done.extended'),
  });
}

// The button pressed where the panel offers a choice; a single "execute" button sends none.
const decisions = ['confirm', 'reject', 'uphold', 'destroy'] as const satisfies readonly Decision[];

export async function executeAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: versioned.extend({
      outcome: z.string(),
      decision: z.enum([...decisions, '']).transform((decision) => decision || undefined),
      // The type the page showed: prepareExecution reads the request only for a type that prepares.
      // Only a hint: missing or unknown (a page older than the field, a script) is no hint, never an error.
      type: z.enum(requestTypes).optional().catch(undefined),
    }),
    // Before the transaction: an ACCESS statement is rendered while nothing is locked (issue 15).
    check: async (input, staff) => ({ input: { ...input, prepared: await prepareExecution(getDb(), staff, input) } }),
    work: (tx, input, staff) => executeRequest(tx, staff, input),
    page,
    done: (t) => t('backoffice.request.done.executed'),
  });
}

export async function refuseAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: versioned.extend({
      reasonCode: z.string(),
      legalBasis: z.string(),
      // The "other" template's mark still in the text: its reason was never written in.
      text: z.string().refine((text) => !isTemplateUnfinished(text), {
        error: 'backoffice.request.errors.templateUnfinished',
      }),
    }),
    work: (tx, input, staff) => refuseRequest(tx, staff, input),
    page,
    done: (t) => t('backoffice.request.done.refused'),
  });
}

/** Art. 10(2): the representative's document shows they may act for the subject. */
export async function confirmAuthorityAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: versioned,
    work: (tx, input, staff) => confirmAuthority(tx, staff, input),
    page,
    done: (t) => t('backoffice.request.done.authorityConfirmed'),
  });
}

/** A failed task back to its system (lib/tasks): open again, one more attempt, the system told again. */
export async function sendTaskAgainAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: request.extend({ taskId: id }),
    work: (tx, input, staff) => sendTaskAgain(tx, staff, input),
    page,
    done: (t) => t('backoffice.tasks.done.sentAgain'),
  });
}

/** A failed task done another way, said in a note: done as if its system had closed it. */
export async function markTaskByHandAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.work'),
    schema: request.extend({ taskId: id, note: z.string() }),
    work: (tx, input, staff) => markTaskDoneByHand(tx, staff, input),
    page,
    done: (t) => t('backoffice.tasks.done.markedByHand'),
  });
}
