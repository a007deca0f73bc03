import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { loadWorkingCalendar } from '@/lib/deadlines/policy';
import { users } from '@/db/schema/auth';
import { deadlinePolicies } from '@/db/schema/calendar';
import { can } from '@/lib/auth/permissions';
import { computeDueAt } from '@/lib/deadlines/due';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { authorize } from '@/lib/auth/authorize';
import { hasTasks, requireNotExecuted } from '@/lib/tasks/close';
import { addEvent, auditRequestUpdate, lockRequest, recordRequestEvent, updateRequest } from './request-state';

type User = Parameters<typeof authorize>[0];
const MAX_MESSAGE = 4000;

function requireText(value: string, max = MAX_MESSAGE): string {
  const text = value.trim();
  if (!text || text.length > max) throw new DomainError<StaffRefusal>('invalid');
  return text;
}

/** An agent takes a request: it is theirs, and a new request goes into progress. */
export async function takeRequest(tx: Tx, user: User, input: { requestId: string; version: number }) {
  const staff = authorize(user, 'requests.work');
  const request = await lockRequest(tx, input.requestId, input.version);
  const starts = request.state === 'REGISTERED' || request.state === 'RECEIVED';
  await updateRequest(tx, request, { assigneeId: staff.id, ...(starts ? { state: 'IN_PROGRESS' as const } : {}) });
  await addEvent(tx, request, staff, { kind: 'assigned', visibility: 'internal', details: { assigneeId: staff.id } });
  if (starts)
    await addEvent(tx, request, staff, { kind: 'state_changed', visibility: 'subject', toState: 'IN_PROGRESS' });
  await auditRequestUpdate(tx, request, staff, { assignee: staff.id, ...(starts ? { state: 'IN_PROGRESS' } : {}) });
}

/** The dpo assigns requests, one or many at once, to someone who works the queue. */
export async function assignRequests(tx: Tx, user: User, input: { requestIds: string[]; assigneeId: string }) {
  const staff = authorize(user, 'requests.assign');
  const [assignee] = await tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(eq(users.id, input.assigneeId));
  if (!assignee || !can(assignee.role, 'requests.work')) throw new DomainError<StaffRefusal>('invalid');
  for (const requestId of [...new Set(input.requestIds)]) {
    const request = await lockRequest(tx, requestId, null);
    await updateRequest(tx, request, { assigneeId: assignee.id });
    await addEvent(tx, request, staff, {
      kind: 'assigned',
      visibility: 'internal',
      details: { assigneeId: assignee.id },
    });
    await auditRequestUpdate(tx, request, staff, { assignee: assignee.id });
  }
}

/** A message to the subject: on their request page and by e-mail. */
export async function postStaffMessage(tx: Tx, user: User, input: { requestId: string; body: string }) {
  const staff = authorize(user, 'requests.work');
  const body = requireText(input.body);
  const request = await lockRequest(tx, input.requestId, null);
  await updateRequest(tx, request, {});
  await addEvent(tx, request, staff, { kind: 'message', visibility: 'subject', body });
  await recordRequestEvent(tx, request, 'request.message_posted', { message: body });
}

/** A note for colleagues that the subject never sees. */
export async function addInternalNote(tx: Tx, user: User, input: { requestId: string; body: string }) {
  const staff = authorize(user, 'requests.work');
  const body = requireText(input.body);
  const request = await lockRequest(tx, input.requestId, null, { open: false });
  await addEvent(tx, request, staff, { kind: 'note', visibility: 'internal', body });
}

/** Ask the subject for information: the request waits for their answer. */
export async function requestInformation(
  tx: Tx,
  user: User,
  input: { requestId: string; version: number; body: string },
) {
  const staff = authorize(user, 'requests.work');
  const body = requireText(input.body);
  const request = await lockRequest(tx, input.requestId, input.version);
  // Executed in the portal: the data changed; nothing is left to ask the subject for.
  await requireNotExecuted(tx, request);
  await updateRequest(tx, request, { state: 'AWAITING_INFO', assigneeId: request.assigneeId ?? staff.id });
  await addEvent(tx, request, staff, { kind: 'info_requested', visibility: 'subject', body, toState: 'AWAITING_INFO' });
  await auditRequestUpdate(tx, request, staff, { state: 'AWAITING_INFO' });
  await recordRequestEvent(tx, request, 'request.information_requested', { message: body });
}

/**
 * The dpo extends a deadline by up to the working days the type's policy allows (itself capped by
 * the statute's allowance: Law 94-V gives none, so 0 unless the statute data records one), with a
 * reason the subject sees, and only while the deadline runs: once it has passed, the request is
 * overdue and an extension would hide the breach of the deadline.
 */
export async function extendDeadline(
  tx: Tx,
  user: User,
  input: { requestId: string; version: number; workingDays: number; reason: string },
) {
  const staff = authorize(user, 'deadlines.extend');
  const reason = requireText(input.reason);
  const request = await lockRequest(tx, input.requestId, input.version);
  if (request.dueAt.getTime() <= Date.now()) throw new DomainError<StaffRefusal>('deadlinePassed');
  const [policy] = await tx
    .select({ max: deadlinePolicies.maxExtensionWorkingDays })
    .from(deadlinePolicies)
    .where(and(eq(deadlinePolicies.code, request.type)));
  if (!policy || policy.max === 0) throw new DomainError<StaffRefusal>('noExtension');
  if (!Number.isInteger(input.workingDays) || input.workingDays < 1 || input.workingDays > policy.max)
    throw new DomainError<StaffRefusal>('invalid');
  const workingDays = request.deadlineWorkingDays + input.workingDays;
  const dueAt = computeDueAt(await loadWorkingCalendar(tx), request.deadlineFrom, workingDays);
  // A request already executed in the portal (its tasks under way), or a BLOCK under review, keeps
  // its state: only the due time moves. Marking it EXTENDED would lose where its execution stands.
  const keep = request.state === 'EXECUTING' || request.state === 'DATA_BLOCKED' || (await hasTasks(tx, request.id));
  const state = keep ? request.state : 'EXTENDED';
  await updateRequest(tx, request, {
    dueAt,
    deadlineWorkingDays: workingDays,
    extensionReason: reason,
    state,
  });
  await addEvent(tx, request, staff, {
    kind: 'deadline_extended',
    visibility: 'subject',
    body: reason,
    toState: keep ? undefined : 'EXTENDED',
    details: { dueAt: dueAt.toISOString(), workingDays: input.workingDays },
  });
  await auditRequestUpdate(tx, request, staff, { dueAt: dueAt.toISOString(), extendedBy: input.workingDays });
  await recordRequestEvent(tx, request, 'request.extended', { dueAt: dueAt.toISOString(), reason });
}
