import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { dataCategories, purposeCategories, purposeRecipients, purposes, recipients } from '@/db/schema/inventory';

/** The operator's data inventory (Art. 25(2)(1)): what the privacy notice is generated from. */
export async function findInventory(db: DbOrTx) {
  const [categoryRows, purposeRows, recipientRows, purposeCategoryRows, purposeRecipientRows] = await Promise.all([
    db.select().from(dataCategories).orderBy(asc(dataCategories.sortOrder)),
    db.select().from(purposes).orderBy(asc(purposes.sortOrder)),
    db.select().from(recipients).orderBy(asc(recipients.code)),
    db
      .select({ purposeId: purposeCategories.purposeId, name: dataCategories.name })
      .from(purposeCategories)
      .innerJoin(dataCategories, eq(dataCategories.id, purposeCategories.categoryId))
      .orderBy(asc(dataCategories.sortOrder)),
    db
      .select({ purposeId: purposeRecipients.purposeId, recipientId: purposeRecipients.recipientId })
      .from(purposeRecipients),
  ]);
  return {
    categories: categoryRows,
    recipients: recipientRows,
    purposes: purposeRows.map((p) => ({
      ...p,
      categories: purposeCategoryRows.filter((c) => c.purposeId === p.id).map((c) => c.name),
      recipients: recipientRows.filter((r) =>
        purposeRecipientRows.some((l) => l.purposeId === p.id && l.recipientId === r.id),
      ),
    })),
  };
}
