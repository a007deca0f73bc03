import { destroyItems } from '@/lib/data-items/changes';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { defineRequestType } from './definition';
import { fileAboutItems } from './filing';
import { itemsWithDescription } from './form';

/**
 * DESTROY, Art. 24(1)(4), 18, 25(2)(8): destroy the items I name. Executing it erases the values for
 * good, with the documents and proposed values that carry them (Art. 1(6)); a tombstone remains.
 */
export const destroy = defineRequestType({
  type: 'DESTROY',
  slug: 'destroy',
  articles: 'Art. 24(1)(4), 18, 25(2)(8)',
  deadline: 'DESTROY',
  scope: 'items',
  showsProposedValues: false,
  fields: [
    { kind: 'items', newValues: false },
    { kind: 'text', label: 'reason', required: true },
  ],
  schema: () => itemsWithDescription(true),
  file: (context, input) => fileAboutItems('DESTROY', context, input),
  panel: () => ({ help: 'DESTROY', outcomeRequired: false, buttons: [{ decision: null, label: 'execute' }] }),
  async execute({ tx, request, itemIds, why, complete }) {
    // A destruction names what it destroys: never "all of it" by default.
    if (itemIds.length === 0) throw new DomainError<StaffRefusal>('invalid');
    await destroyItems(tx, request.subjectId, itemIds, why);
    await complete();
  },
});
