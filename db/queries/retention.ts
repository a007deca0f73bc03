import { desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { destructionCandidates } from '@/db/schema/compliance';
import { dataCategories } from '@/db/schema/inventory';
import { dataItems, subjects } from '@/db/schema/subjects';

/** The destruction list: items waiting for the dpo's decision, or the last decisions taken. */
export async function listDestructionCandidates(db: DbOrTx, { decided }: { decided: boolean }) {
  return db
    .select({
      id: destructionCandidates.id,
      foundAt: destructionCandidates.foundAt,
      decidedAt: destructionCandidates.decidedAt,
      decision: destructionCandidates.decision,
      keepReason: destructionCandidates.keepReason,
      subjectName: subjects.fullName,
      subjectEmail: subjects.email,
      category: dataCategories.name,
    })
    .from(destructionCandidates)
    .innerJoin(subjects, eq(subjects.id, destructionCandidates.subjectId))
    .innerJoin(dataItems, eq(dataItems.id, destructionCandidates.dataItemId))
    .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
    .where(decided ? isNotNull(destructionCandidates.decidedAt) : isNull(destructionCandidates.decidedAt))
    .orderBy(desc(destructionCandidates.foundAt))
    .limit(200);
}
