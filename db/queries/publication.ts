import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { auditEvents } from '@/db/schema/audit';
import { dataCategories, purposeCategories, purposes } from '@/db/schema/inventory';

/** Purposes that publish data in publicly available sources, each with the subject's last refusal, if any. */
export async function listPublishingPurposes(db: DbOrTx, subjectId: string) {
  const rows = await db
    .select({ id: purposes.id, name: purposes.name, description: purposes.description })
    .from(purposes)
    .where(eq(purposes.publishes, true))
    .orderBy(asc(purposes.sortOrder));
  if (rows.length === 0) return [];
  const ids = rows.map((p) => p.id);
  const [categories, refusals] = await Promise.all([
    db
      .select({ purposeId: purposeCategories.purposeId, name: dataCategories.name })
      .from(purposeCategories)
      .innerJoin(dataCategories, eq(dataCategories.id, purposeCategories.categoryId))
      .where(inArray(purposeCategories.purposeId, ids)),
    db
      .select({ purposeId: auditEvents.entityId, at: auditEvents.at })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectId, subjectId),
          eq(auditEvents.action, 'consent_refused'),
          inArray(auditEvents.entityId, ids),
        ),
      )
      .orderBy(desc(auditEvents.id)),
  ]);
  return rows.map((purpose) => ({
    ...purpose,
    categories: categories.filter((c) => c.purposeId === purpose.id).map((c) => c.name),
    refusedAt: refusals.find((r) => r.purposeId === purpose.id)?.at ?? null,
  }));
}
