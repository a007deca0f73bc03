import { blockItems, destroyItems, unblockItems } from '@/lib/data-items/changes';
import { auditRequestUpdate, recordRequestEvent, updateRequestWithEvent } from '@/lib/backoffice/request-state';
import { computeDueAtFor } from '@/lib/deadlines/policy';
import { defineRequestType } from './definition';
import { fileAboutItems } from './filing';
import { itemsWithDescription } from './form';

/**
 * BLOCK, Art. 24(1)(3), 25(2)(8): the conditions of processing were violated. Two steps: executing
 * blocks the data at once (Art. 1(3): stored, not used), and the review then has its own
 * one-working-day deadline (UNBLOCK); it ends with the violation confirmed (the data destroyed) or
 * not (unblocked), or a reasoned refusal, which also unblocks.
 */
export const block = defineRequestType({
  type: 'BLOCK',
  slug: 'block',
  articles: 'Art. 24(1)(3), 25(2)(8)',
  deadline: 'BLOCK',
  scope: 'items',
  showsProposedValues: false,
  fields: [
    { kind: 'items', newValues: false },
    { kind: 'text', label: 'violation', help: 'violationHelp', required: true },
  ],
  schema: () => itemsWithDescription(false),
  file: (context, input) => fileAboutItems('BLOCK', context, input),
  panel: (state) =>
    state === 'DATA_BLOCKED'
      ? {
          help: 'DATA_BLOCKED',
          outcomeRequired: true,
          buttons: [
            { decision: 'confirm', label: 'confirmViolation' },
            { decision: 'reject', label: 'rejectViolation' },
          ],
        }
      : { help: 'BLOCK', outcomeRequired: false, buttons: [{ decision: null, label: 'block' }] },
  async execute({ tx, request, staff, outcome, decision, itemIds, why, complete }) {
    const scope = itemIds.length ? itemIds : null;
    if (request.state !== 'DATA_BLOCKED') {
      await blockItems(tx, request.subjectId, scope, why);
      const now = new Date();
      const { dueAt, workingDays } = await computeDueAtFor(tx, 'UNBLOCK', now);
      // Sent together (issue 15: one round trip, not four); they run in this order on the connection.
      await Promise.all([
        updateRequestWithEvent(
          tx,
          request,
          {
            state: 'DATA_BLOCKED',
            dueAt,
            deadlineFrom: now,
            deadlineWorkingDays: workingDays,
            assigneeId: request.assigneeId ?? staff.id,
          },
          staff,
          { kind: 'state_changed', visibility: 'subject', toState: 'DATA_BLOCKED', body: outcome },
        ),
        auditRequestUpdate(tx, request, staff, { state: 'DATA_BLOCKED' }),
        recordRequestEvent(tx, request, 'request.data_blocked', { reviewDueAt: dueAt.toISOString() }),
      ]);
      return;
    }
    if (decision === 'confirm') await destroyItems(tx, request.subjectId, scope, why);
    else await unblockItems(tx, request.subjectId, scope, why);
    await complete();
  },
});
