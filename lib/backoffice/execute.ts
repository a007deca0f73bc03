import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import type { AuthorityState } from '@/db/schema/representatives';
import type { DataItem } from '@/db/schema/subjects';
import {
  requestItems,
  requests,
  requestTypes,
  type Request,
  type RequestItem,
  type RequestType,
} from '@/db/schema/requests';
import { authorize, type Staff } from '@/lib/auth/authorize';
import { unblockItems } from '@/lib/data-items/changes';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import type { Decision, Refusal } from '@/lib/requests/types/definition';
import {
  authorityOfSql,
  decideAuthority,
  findRepresentative,
  refuseIfUnverified,
  requireVerifiedAuthority,
} from '@/lib/requests/representatives';
import { requestTypeOf } from '@/lib/requests/types';
import { holdForTasks, refuseIfExecuted, requireNotExecuted, taskCountsSql, type TaskCounts } from '@/lib/tasks/close';
import { holdersSql, knownHoldersOf, writeTasks, type KnownHolders } from '@/lib/tasks/create';
import { createTaskSink, type TaskSink } from '@/lib/tasks/pending';
import { isTemplateUnfinished, refusalReasonCodes, type RefusalReasonCode } from './refusal-templates';
import {
  auditRequestUpdate,
  lockRequest,
  recordRequestEvent,
  updateRequest,
  updateRequestWithEvent,
} from './request-state';

type User = Parameters<typeof authorize>[0];

/**
 * Executing a request changes the data for real, in one transaction with the request's new state,
 * its events, the audit events and the e-mail to the subject; any failure leaves everything as it
 * was. `version` is what the staff member saw: of two people executing at once, one succeeds and
 * the other gets "stale".
 * `decision` resolves the two requests that end one of two ways: a BLOCK under review ('confirm':
 * the violation is confirmed and the data destroyed; 'reject': unblocked) and an OBJECT_AUTO
 * ('uphold': the automated processing stops; rejecting an objection is a reasoned refusal).
 */
export type ExecuteInput = {
  requestId: string;
  version: number;
  outcome: string | null;
  decision?: Decision;
  /** What prepareExecution made before the transaction; without it the type does all its work inside. */
  prepared?: unknown;
};

/**
 * The type's slow part of executing (ACCESS: the statement PDF), done before the transaction that
 * executes, from the request as it is now; the page's action calls it, then executeRequest with
 * its result as `prepared`. It changes nothing, so it only needs the permission; the transaction
 * checks everything else, and the type checks that what was prepared still holds.
 */
export async function prepareExecution(
  db: Db,
  user: User,
  input: { requestId: string; type?: RequestType },
): Promise<unknown> {
  authorize(user, 'requests.work');
  // The type the staff page showed (the form's): a type that prepares nothing needs no read (issue
  // 15: one statement of every RECTIFY or BLOCK). It is only a hint: the transaction reads the type
  // again, and a wrong hint only moves the work (an ACCESS hinted otherwise renders its statement
  // inside the transaction, as without preparation); a hint that prepares reads the request here.
  if (input.type && requestTypes.includes(input.type) && !requestTypeOf(input.type).prepare) return undefined;
  // What a type's preparation needs of the request, no more (issue 15: its whole row, mapped, for
  // every execution, when only ACCESS prepares anything).
  const [request] = await db
    .select({ id: requests.id, type: requests.type, subjectId: requests.subjectId })
    .from(requests)
    .where(eq(requests.id, input.requestId));
  const prepare = request && requestTypeOf(request.type).prepare;
  return prepare ? prepare(db, request) : undefined;
}

async function requestItemRows(tx: Tx, request: Request) {
  return tx.select().from(requestItems).where(eq(requestItems.requestId, request.id));
}

/**
 * What executing checks of the locked request, and its items, in one statement (issue 15: a
 * statement costs PostgreSQL ~0.4 ms): its tasks (requireNotExecuted), its representative's
 * authority (requireVerifiedAuthority), its items as requestItemRows reads them.
 */
async function executionChecks(tx: Tx, requestId: string) {
  const [row] = await tx.execute<{
    tasks: TaskCounts;
    authority: AuthorityState | null;
    items: RequestItem[];
    locked: LockedItemJson[];
    holders: NonNullable<KnownHolders>['holders'] | null;
    codes: Record<string, string> | null;
  }>(sql`
    -- The subject's items the request names, locked as the data changes lock them (lib/data-items/changes.ts
    -- subjectItems), after the request (locked by the statement before): the changes then use these rows.
    with locked as (
      select * from data_items d
      where d.id in (select i.data_item_id from request_items i where i.request_id = ${requestId})
        and d.subject_id = (select r.subject_id from requests r where r.id = ${requestId})
        and d.state <> 'destroyed'
      for update),
    categories as (select array_agg(distinct category_id) as ids from locked),
    own as (select coalesce(array_agg(distinct system_id) filter (where system_id is not null), '{}') as ids from locked)
    select ${taskCountsSql(requestId)} as tasks, ${authorityOfSql(requestId)} as authority,
      coalesce((select json_agg(json_build_object('id', i.id, 'requestId', i.request_id, 'dataItemId', i.data_item_id,
                                                  'categoryId', i.category_id, 'proposedValue', i.proposed_value))
                from request_items i where i.request_id = ${requestId}), '[]') as items,
      coalesce((select json_agg(json_build_object('id', d.id, 'subjectId', d.subject_id, 'categoryId', d.category_id,
                  'value', d.value, 'state', d.state, 'source', d.source, 'sourceDetail', d.source_detail,
                  'method', d.method, 'systemId', d.system_id, 'collectedAt', d.collected_at, 'updatedAt', d.updated_at,
                  'blockedAt', d.blocked_at, 'destroyedAt', d.destroyed_at))
                from locked d), '[]') as locked,
      -- The systems holding these items, as lib/tasks/create.ts reads them (its tasks.holders), for
      -- an execution that changes exactly these items: one statement less at its end.
      (select json_agg(h) from (${holdersSql(sql`(select ids from categories)`, sql`(select ids from own)`)}) h) as holders,
      (select jsonb_object_agg(c.id, c.code) from data_categories c where c.id = any((select ids from categories)::uuid[])) as codes`);
  return row!;
}

type LockedItemJson = Omit<DataItem, 'collectedAt' | 'updatedAt' | 'blockedAt' | 'destroyedAt'> &
  Record<'collectedAt' | 'updatedAt' | 'blockedAt' | 'destroyedAt', string | null>;

const dateOf = (value: string | null) => (value === null ? null : new Date(value));

/** The locked items by id, their times as Drizzle maps them (Date). */
function lockedItems(rows: LockedItemJson[]): Map<string, DataItem> {
  return new Map(
    rows.map((row) => [
      row.id,
      {
        ...row,
        collectedAt: dateOf(row.collectedAt),
        updatedAt: dateOf(row.updatedAt)!,
        blockedAt: dateOf(row.blockedAt),
        destroyedAt: dateOf(row.destroyedAt),
      } as DataItem,
    ]),
  );
}

async function complete(
  tx: Tx,
  request: Request,
  staff: Staff,
  staffOutcome: string | null,
  tasks: TaskSink,
  tasksBefore: TaskCounts,
  holders: KnownHolders,
  eventId?: number,
  answer?: string,
) {
  // The type's own answer (what stopped, what was kept and why) comes first; the staff's words follow.
  const outcome = [answer, staffOutcome].filter(Boolean).join('\n\n') || null;
  // Art. 25(2)(8): done in the portal's copy; done for the subject when every system holding the
  // data has done it too (lib/tasks). Until then the request is EXECUTING, the answer kept for then.
  const written = await writeTasks(tx, request, tasks, holders);
  // No task before this execution (the request locked, none can start meanwhile): those just written are all.
  const known = tasksBefore.total === 0 ? { open: written, failed: 0 } : undefined;
  if (await holdForTasks(tx, request, staff, outcome, known)) return;
  // Sent together: one round trip (the update and its event one statement).
  const changes = {
    state: 'COMPLETED' as const,
    completedAt: new Date(),
    outcome,
    assigneeId: request.assigneeId ?? staff.id,
  };
  await Promise.all([
    eventId === undefined
      ? updateRequestWithEvent(tx, request, changes, staff, {
          kind: 'executed',
          visibility: 'subject',
          body: outcome,
          toState: 'COMPLETED',
        })
      : updateRequest(tx, request, changes),
    auditRequestUpdate(tx, request, staff, { state: 'COMPLETED' }),
    recordRequestEvent(tx, request, 'request.executed', { outcome }),
  ]);
}

export async function executeRequest(tx: Tx, user: User, input: ExecuteInput): Promise<void> {
  const staff = authorize(user, 'requests.work');
  // Sent together, one round trip (issue 15): the checks run after the lock on the connection, so
  // they read the request as locked; when the lock refuses (stale, not open), their answer is unused.
  const [request, { tasks: tasksBefore, authority, items, locked, holders, codes }] = await Promise.all([
    lockRequest(tx, input.requestId, input.version),
    executionChecks(tx, input.requestId),
  ]);
  // Refused in this order.
  refuseIfExecuted(request, tasksBefore);
  refuseIfUnverified(authority);
  const definition = requestTypeOf(request.type);
  const outcome = input.outcome?.trim() || null;
  const decision = input.decision ?? null;
  // What this type accepts in this state is what the staff page offered (the same definition).
  const panel = definition.panel(request.state);
  if (!panel.buttons.some((button) => button.decision === decision)) throw new DomainError<StaffRefusal>('invalid');
  if (panel.outcomeRequired && !outcome) throw new DomainError<StaffRefusal>('invalid');
  // Each data change notes what the operator's systems must repeat; the tasks are written at the end.
  const tasks = createTaskSink();
  const lockedMap = lockedItems(locked);
  // complete() writes the tasks before it changes the request: their due time is the locked row's.
  const known = knownHoldersOf([...lockedMap.values()], holders, codes, request.dueAt);
  await definition.execute({
    tx,
    request,
    staff,
    outcome,
    decision,
    items,
    itemIds: items.flatMap((i) => (i.dataItemId ? [i.dataItemId] : [])),
    why: { staff, reference: request.reference, tasks, locked: lockedMap },
    complete: (eventId, answer) => complete(tx, request, staff, outcome, tasks, tasksBefore, known, eventId, answer),
    refuse: (refusal) => refuseLocked(tx, request, staff, refusal, tasks),
    prepared: input.prepared,
  });
  // A step that does not complete the request (a BLOCK's blocking) still reaches the systems. It may
  // have set a due time of its own (BLOCK's review): the tasks take it from the request row.
  await writeTasks(tx, request, tasks, known && { ...known, dueAt: null });
}

/** The request is locked and the refusal checked: REFUSED, with its event, audit entry and e-mail. */
async function refuseLocked(tx: Tx, request: Request, staff: Staff, input: Refusal, tasks = createTaskSink()) {
  // A refused BLOCK leaves no data blocked: the violation was not confirmed; the systems unblock too.
  if (request.state === 'DATA_BLOCKED') {
    const itemIds = (await requestItemRows(tx, request)).flatMap((i) => (i.dataItemId ? [i.dataItemId] : []));
    const why = { staff, reference: request.reference, tasks };
    await unblockItems(tx, request.subjectId, itemIds.length ? itemIds : null, why);
    await writeTasks(tx, request, tasks);
  }
  await updateRequestWithEvent(
    tx,
    request,
    {
      state: 'REFUSED',
      completedAt: new Date(),
      refusalReasonCode: input.reasonCode,
      refusalLegalBasis: input.legalBasis,
      refusalText: input.text,
      assigneeId: request.assigneeId ?? staff.id,
    },
    staff,
    { kind: 'refused', visibility: 'subject', toState: 'REFUSED' },
  );
  await auditRequestUpdate(tx, request, staff, { state: 'REFUSED', reason: input.reasonCode });
  await recordRequestEvent(tx, request, 'request.refused', {
    reasonCode: input.reasonCode,
    legalBasis: input.legalBasis,
    text: input.text,
  });
}

/** Art. 25(2)(7), 8(7): a refusal needs a reason, a legal basis and words to the subject. */
export async function refuseRequest(
  tx: Tx,
  user: User,
  input: { requestId: string; version: number; reasonCode: string; legalBasis: string; text: string },
): Promise<void> {
  const staff = authorize(user, 'requests.work');
  const legalBasis = input.legalBasis.trim();
  const text = input.text.trim();
  if (
    !refusalReasonCodes.includes(input.reasonCode as RefusalReasonCode) ||
    !legalBasis ||
    !text ||
    isTemplateUnfinished(text) ||
    text.length > 4000 ||
    legalBasis.length > 500
  ) {
    throw new DomainError<StaffRefusal>('invalid');
  }
  const request = await lockRequest(tx, input.requestId, input.version);
  // Art. 10(2): a representative's request is refused on its merits only once their authority is
  // confirmed; refusing because it is not confirmed records that verdict.
  if (input.reasonCode === 'authority_not_confirmed') {
    if (!(await findRepresentative(tx, request.id))) throw new DomainError<StaffRefusal>('invalid');
    await decideAuthority(tx, request, 'not_confirmed', staff.id);
  } else {
    await requireVerifiedAuthority(tx, request.id);
  }
  await requireNotExecuted(tx, request);
  await refuseLocked(tx, request, staff, { reasonCode: input.reasonCode as RefusalReasonCode, legalBasis, text });
}
