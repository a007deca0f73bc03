import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { consentPurposes, consents } from '@/db/schema/consents';
import {
  dataCategories,
  inventoryChanges,
  purposeCategories,
  purposeRecipients,
  purposes,
  recipients,
  systemCategories,
  systems,
  type InventoryChange,
  type InventoryEntity,
} from '@/db/schema/inventory';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';
import { appendNoticeVersion, currentNoticeVersion } from '@/lib/privacy-notice/versions';
import type { NoticeSnapshot } from '@/lib/privacy-notice/snapshot';
import { takeNoticeSnapshot } from '@/lib/privacy-notice/snapshot';
import { listPendingChanges, tableOf } from './draft';
import { missingLanguages, type InventoryRecord } from './records';
import { consentWidenings } from './diff';

type User = Parameters<typeof authorize>[0];

// Linked records first, so a purpose or system finds the categories and recipients it names.
const order: InventoryEntity[] = ['category', 'recipient', 'system', 'purpose'];

/** Writes one pending change into the live tables. */
async function applyChange(tx: Tx, change: InventoryChange): Promise<void> {
  const id = change.entityId;
  if (change.retire) {
    const table = tableOf(change.entity);
    await tx
      .update(table)
      .set({ retiredAt: sql`now()` })
      .where(eq(table.id, id));
    return;
  }
  switch (change.entity) {
    case 'category': {
      const record = change.payload as InventoryRecord['category'];
      await tx
        .insert(dataCategories)
        .values({ id, ...record })
        .onConflictDoUpdate({ target: dataCategories.id, set: record });
      return;
    }
    case 'recipient': {
      const record = change.payload as InventoryRecord['recipient'];
      await tx
        .insert(recipients)
        .values({ id, ...record })
        .onConflictDoUpdate({ target: recipients.id, set: record });
      return;
    }
    case 'system': {
      const { categories, ...record } = change.payload as InventoryRecord['system'];
      await tx
        .insert(systems)
        .values({ id, ...record })
        .onConflictDoUpdate({ target: systems.id, set: record });
      await tx.delete(systemCategories).where(eq(systemCategories.systemId, id));
      await tx.insert(systemCategories).values(categories.map((categoryId) => ({ systemId: id, categoryId })));
      return;
    }
    case 'purpose': {
      const { categories, recipients: recipientIds, ...record } = change.payload as InventoryRecord['purpose'];
      await tx
        .insert(purposes)
        .values({ id, ...record })
        .onConflictDoUpdate({ target: purposes.id, set: record });
      await tx.delete(purposeCategories).where(eq(purposeCategories.purposeId, id));
      await tx.insert(purposeCategories).values(categories.map((categoryId) => ({ purposeId: id, categoryId })));
      await tx.delete(purposeRecipients).where(eq(purposeRecipients.purposeId, id));
      if (recipientIds.length > 0)
        await tx.insert(purposeRecipients).values(recipientIds.map((recipientId) => ({ purposeId: id, recipientId })));
      return;
    }
  }
}

async function applyAll(tx: Tx, pending: InventoryChange[]): Promise<void> {
  for (const entity of order)
    for (const change of pending.filter((c) => c.entity === entity)) await applyChange(tx, change);
}

/** The records of the draft that lack a language somewhere: approval waits for them. */
export function incompleteChanges(pending: InventoryChange[]) {
  return pending
    .filter((c) => !c.retire)
    .map((c) => ({ change: c, missing: missingLanguages(c.entity, c.payload as object) }))
    .filter((c) => c.missing.length > 0);
}

class Preview extends Error {
  constructor(readonly snapshot: NoticeSnapshot) {
    super('preview');
  }
}

/**
 * The notice the draft would make: the changes are applied and the snapshot taken inside a
 * transaction that is then rolled back, so the preview is exactly what approval would publish.
 */
export async function previewDraft(db: DbOrTx & { transaction: Tx['transaction'] }): Promise<NoticeSnapshot> {
  try {
    await db.transaction(async (tx) => {
      await applyAll(tx, await listPendingChanges(tx));
      throw new Preview(await takeNoticeSnapshot(tx));
    });
  } catch (error) {
    if (error instanceof Preview) return error.snapshot;
    throw error;
  }
  throw new Error('unreachable');
}

/**
 * The dpo approves the draft as the next version of the inventory and privacy notice: every
 * pending change is applied, the snapshot appended as the version, the changes stamped with it, and
 * the consents whose terms widened (a recipient, a purpose or data added to processing on
 * consent, Art. 8(4)) are flagged for re-consent. One transaction: all of it or none.
 */
export async function approveDraft(
  tx: Tx,
  user: User,
): Promise<{ version: number; changes: number; reconsent: number }> {
  const dpo = authorize(user, 'notice.publish');
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('derbes:inventory-draft'))`);
  const pending = await listPendingChanges(tx);
  if (incompleteChanges(pending).length > 0) throw new DomainError('incomplete');
  const before = (await currentNoticeVersion(tx))?.snapshot ?? null;
  await applyAll(tx, pending);
  const { version, snapshot } = await appendNoticeVersion(tx, dpo.id);
  if (pending.length > 0)
    await tx
      .update(inventoryChanges)
      .set({ version })
      .where(
        and(
          inArray(
            inventoryChanges.id,
            pending.map((c) => c.id),
          ),
          isNull(inventoryChanges.version),
        ),
      );
  const widened = before ? consentWidenings(before, snapshot) : [];
  let reconsent = 0;
  if (widened.length > 0) {
    const flagged = await tx
      .update(consents)
      .set({ reconsentVersion: version })
      .where(
        and(
          eq(consents.state, 'active'),
          isNull(consents.reconsentVersion),
          inArray(
            consents.id,
            tx
              .select({ id: consentPurposes.consentId })
              .from(consentPurposes)
              .innerJoin(purposes, eq(purposes.id, consentPurposes.purposeId))
              .where(inArray(purposes.code, widened)),
          ),
        ),
      )
      .returning({ id: consents.id });
    reconsent = flagged.length;
  }
  await recordAudit(tx, {
    actor: dpo,
    action: 'policy_changed',
    entityType: 'privacy_notice',
    entityId: String(version),
    details: { version, changes: pending.length, reconsent },
  });
  return { version, changes: pending.length, reconsent };
}
