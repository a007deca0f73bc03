import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db';
import { dataCategories, purposes } from '@/db/schema/inventory';
import { dataItemPurposes, dataItems, subjects } from '@/db/schema/subjects';
import type { StoppedProcessing } from '@/lib/data-items/changes';
import { translatorFor } from '@/lib/i18n/translator';
import { describeLegalBasis } from '@/lib/my-data/describe';

/**
 * The answer to the subject after processing stopped (Art. 8(7)), in their language: which
 * purposes stopped, and which items are kept because another purpose, on another consent or an
 * Art. 9 case, still needs them, naming that purpose and its ground. Empty when nothing stopped.
 */
export async function describeStoppedProcessing(
  tx: Tx,
  subjectId: string,
  stopped: StoppedProcessing,
): Promise<string | undefined> {
  if (stopped.purposeIds.length === 0) return undefined;
  const [subject] = await tx.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.id, subjectId));
  const locale = subject?.locale ?? 'kk';
  const t = translatorFor(locale);
  const stoppedNames = await tx
    .select({ name: purposes.name })
    .from(purposes)
    .where(inArray(purposes.id, stopped.purposeIds))
    .orderBy(purposes.sortOrder);
  const answer = [t('requests.outcomes.withdrawn', { purposes: stoppedNames.map((p) => p.name[locale]).join('; ') })];
  if (stopped.keptItemIds.length > 0) {
    const kept = await tx
      .select({
        category: dataCategories.name,
        purpose: purposes.name,
        legalBasis: purposes.legalBasis,
        art9Point: purposes.art9Point,
        legalBasisCitation: purposes.legalBasisCitation,
      })
      .from(dataItemPurposes)
      .innerJoin(dataItems, eq(dataItems.id, dataItemPurposes.dataItemId))
      .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
      .innerJoin(purposes, eq(purposes.id, dataItemPurposes.purposeId))
      .where(and(inArray(dataItemPurposes.dataItemId, stopped.keptItemIds), isNull(dataItemPurposes.endedAt)))
      .orderBy(dataCategories.sortOrder, purposes.sortOrder);
    const lines = kept.map((k) =>
      t('requests.outcomes.keptItem', {
        category: k.category[locale],
        purpose: k.purpose[locale],
        basis: describeLegalBasis(t, locale, k),
      }),
    );
    answer.push(t('requests.outcomes.kept', { kept: [...new Set(lines)].join('; ') }));
  }
  return answer.join(' ');
}
