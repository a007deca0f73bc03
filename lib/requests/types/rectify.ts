import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { dataCategories } from '@/db/schema/inventory';
import { changeItemValue, destroyItems, supplementItem } from '@/lib/data-items/changes';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { fileRequest } from '@/lib/requests/file';
import { defineRequestType } from './definition';
import { checkValue, description } from './form';

/**
 * RECTIFY, Art. 24(1)(2), 25(2)(8): change items I hold to be wrong, or supplement what is missing,
 * with documents. Executing it gives each item the proposed value (the old one survives only sealed
 * in the audit log) and adds the supplemented ones; or, where the data cannot be corrected, destroys
 * the named items instead (Art. 25(2)(8), "or destroy if change is impossible").
 */
export const rectify = defineRequestType({
  type: 'RECTIFY',
  slug: 'rectify',
  articles: 'Art. 24(1)(2), 25(2)(8)',
  deadline: 'RECTIFY',
  scope: 'items',
  showsProposedValues: true,
  fields: [
    { kind: 'items', newValues: true },
    { kind: 'supplement' },
    { kind: 'text', label: 'note', required: false },
  ],
  schema: (context) =>
    z
      .object({
        items: z.array(z.string()),
        values: z.record(z.string(), z.string()),
        supplementCategory: z.string(),
        supplementValue: z.string(),
        description: description(false),
      })
      .superRefine((form, ctx) => {
        for (const itemId of form.items) {
          const code = context.items.find((item) => item.id === itemId)!.categoryCode;
          checkValue(ctx, `value:${itemId}`, code, form.values[itemId] ?? '', 'newValue');
        }
        const category = context.categories.find((c) => c.id === form.supplementCategory);
        if (category) checkValue(ctx, 'supplementValue', category.code, form.supplementValue, 'required');
        if (form.items.length === 0 && !category)
          ctx.addIssue({ code: 'custom', path: ['items'], message: 'nothingToChange' });
      })
      .transform((form) => ({
        changes: form.items.map((itemId) => ({ itemId, value: form.values[itemId] ?? '' })),
        supplement: context.categories.some((c) => c.id === form.supplementCategory)
          ? { categoryId: form.supplementCategory, value: form.supplementValue }
          : null,
        description: form.description,
      })),
  async file({ tx, common, ownItems }, input) {
    const items = await ownItems(input.changes.map((c) => c.itemId));
    const changes: { dataItemId: string | null; categoryId: string; proposedValue: string }[] = input.changes.map(
      (change) => ({
        dataItemId: change.itemId,
        categoryId: items.find((item) => item.id === change.itemId)!.categoryId,
        proposedValue: change.value,
      }),
    );
    if (input.supplement) {
      const [category] = await tx
        .select({ id: dataCategories.id })
        .from(dataCategories)
        .where(eq(dataCategories.id, input.supplement.categoryId));
      if (!category) throw new DomainError('notFound');
      // A supplement is a value for which the operator holds no item yet.
      changes.push({ dataItemId: null, categoryId: category.id, proposedValue: input.supplement.value });
    }
    return fileRequest(tx, { ...common, type: 'RECTIFY', description: input.description, items: changes });
  },
  panel: () => ({
    help: 'RECTIFY',
    outcomeRequired: false,
    buttons: [
      { decision: null, label: 'execute' },
      { decision: 'destroy', label: 'cannotCorrect' },
    ],
  }),
  async execute({ tx, request, items, itemIds, decision, why, complete }) {
    // Art. 25(2)(8): what cannot be changed or supplemented on the documents given is destroyed.
    if (decision === 'destroy') {
      if (itemIds.length === 0) throw new DomainError<StaffRefusal>('invalid');
      await destroyItems(tx, request.subjectId, itemIds, why);
      await complete();
      return;
    }
    for (const item of items) {
      if (!item.proposedValue) continue;
      if (item.dataItemId) await changeItemValue(tx, request.subjectId, item.dataItemId, item.proposedValue, why);
      else await supplementItem(tx, request.subjectId, item.categoryId, item.proposedValue, why);
    }
    await complete();
  },
});
