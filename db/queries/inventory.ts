import { asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import {
  dataCategories,
  purposeCategories,
  purposeRecipients,
  purposes,
  recipients,
  systemCategories,
  systems,
} from '@/db/schema/inventory';

/**
 * The operator's data inventory in force (Art. 25(2)(1)): what the privacy notice is generated
 * from. Retired records are left out; the items and past notices that name them still do.
 */
export async function findInventory(db: DbOrTx) {
  const [
    categoryRows,
    purposeRows,
    recipientRows,
    systemRows,
    purposeCategoryRows,
    purposeRecipientRows,
    systemCategoryRows,
  ] = await Promise.all([
    db.select().from(dataCategories).where(isNull(dataCategories.retiredAt)).orderBy(asc(dataCategories.sortOrder)),
    db.select().from(purposes).where(isNull(purposes.retiredAt)).orderBy(asc(purposes.sortOrder)),
    db.select().from(recipients).where(isNull(recipients.retiredAt)).orderBy(asc(recipients.code)),
    db.select().from(systems).where(isNull(systems.retiredAt)).orderBy(asc(systems.sortOrder), asc(systems.code)),
    db
      .select({ purposeId: purposeCategories.purposeId, code: dataCategories.code, name: dataCategories.name })
      .from(purposeCategories)
      .innerJoin(dataCategories, eq(dataCategories.id, purposeCategories.categoryId))
      .orderBy(asc(dataCategories.sortOrder)),
    db
      .select({ purposeId: purposeRecipients.purposeId, recipientId: purposeRecipients.recipientId })
      .from(purposeRecipients),
    db
      .select({ systemId: systemCategories.systemId, code: dataCategories.code })
      .from(systemCategories)
      .innerJoin(dataCategories, eq(dataCategories.id, systemCategories.categoryId))
      .orderBy(asc(dataCategories.sortOrder)),
  ]);
  return {
    categories: categoryRows,
    recipients: recipientRows,
    purposes: purposeRows.map((p) => ({
      ...p,
      categories: purposeCategoryRows.filter((c) => c.purposeId === p.id).map(({ code, name }) => ({ code, name })),
      recipients: recipientRows.filter((r) =>
        purposeRecipientRows.some((l) => l.purposeId === p.id && l.recipientId === r.id),
      ),
    })),
    systems: systemRows.map((s) => ({
      ...s,
      categoryCodes: systemCategoryRows.filter((c) => c.systemId === s.id).map((c) => c.code),
    })),
  };
}
