import { eq } from 'drizzle-orm';
import { purposes } from '@/db/schema/inventory';
import { stopProcessing } from '@/lib/data-items/changes';
import { defineRequestType } from './definition';
import { fileAboutItems } from './filing';
import { itemsWithDescription } from './form';

/**
 * PUBLIC_REMOVE, Art. 6 (third part), 24(1)(6): remove from publicly available sources my data
 * collected or processed unlawfully. Executing it
 * stops the processing for publication; the answer says what was removed from where.
 */
export const publicRemove = defineRequestType({
  type: 'PUBLIC_REMOVE',
  slug: 'public-remove',
  articles: 'Art. 6 (third part), 24(1)(6)',
  deadline: 'PUBLIC_REMOVE',
  scope: 'items',
  showsProposedValues: false,
  fields: [
    { kind: 'text', label: 'where', help: 'whereHelp', required: true },
    { kind: 'items', newValues: false },
  ],
  schema: () => itemsWithDescription(false),
  file: (context, input) => fileAboutItems('PUBLIC_REMOVE', context, input),
  panel: () => ({ help: 'PUBLIC_REMOVE', outcomeRequired: true, buttons: [{ decision: null, label: 'execute' }] }),
  async execute({ tx, request, itemIds, why, complete }) {
    const publishing = (await tx.select({ id: purposes.id }).from(purposes).where(eq(purposes.publishes, true))).map(
      (p) => p.id,
    );
    await stopProcessing(tx, request.subjectId, publishing, itemIds.length ? itemIds : null, why);
    await complete();
  },
});
