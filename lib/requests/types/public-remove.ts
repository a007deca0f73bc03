import { and, eq, inArray } from 'drizzle-orm';
import { consentPurposes, consents } from '@/db/schema/consents';
import { purposes } from '@/db/schema/inventory';
import { withdrawConsent } from '@/lib/consents/withdraw';
import { stopProcessing, type StoppedProcessing } from '@/lib/data-items/changes';
import { defineRequestType } from './definition';
import { fileAboutItems } from './filing';
import { itemsWithDescription } from './form';
import { describeStoppedProcessing } from './stopped-answer';

/**
 * PUBLIC_REMOVE, Art. 6 (third part), 24(1)(6): remove from publicly available sources my data
 * collected or processed unlawfully. Executing it withdraws the consent to publication and stops
 * the processing for publication; the answer says what was removed from where.
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
    // The consent to publication ends with the removal (Art. 24(1)(6)): the consents page shows it
    // withdrawn, and the subject may give it again later. No Art. 8(2) lock holds back a removal.
    const publicationConsents = publishing.length
      ? await tx
          .select({ id: consents.id, subjectId: consents.subjectId })
          .from(consents)
          .innerJoin(consentPurposes, eq(consentPurposes.consentId, consents.id))
          .where(
            and(
              eq(consents.subjectId, request.subjectId),
              eq(consents.state, 'active'),
              inArray(consentPurposes.purposeId, publishing),
            ),
          )
          .for('update', { of: consents })
      : [];
    const stopped: StoppedProcessing = { purposeIds: [], keptItemIds: [] };
    for (const consent of publicationConsents.filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i)) {
      const result = await withdrawConsent(tx, consent, why, request.channel);
      stopped.purposeIds.push(...result.purposeIds);
      stopped.keptItemIds.push(...result.keptItemIds);
    }
    await stopProcessing(tx, request.subjectId, publishing, itemIds.length ? itemIds : null, why);
    await complete(undefined, await describeStoppedProcessing(tx, request.subjectId, stopped));
  },
});
