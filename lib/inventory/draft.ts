import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { users } from '@/db/schema/auth';
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
import type { InventoryRecord } from './records';

type User = Parameters<typeof authorize>[0];
type AnyRecord = InventoryRecord[InventoryEntity];

/**
 * The admin's draft of the inventory (issue 12, point 2): each edit is kept as a pending change,
 * one per record, until the dpo approves the draft (lib/inventory/approve.ts). The live tables stay
 * as the last approved version, so My data, consents and the notice never show an unapproved text.
 */

const tables = { category: dataCategories, purpose: purposes, recipient: recipients, system: systems } as const;
// The four share id, code and retired_at, which is all the generic queries here touch.
export const tableOf = (entity: InventoryEntity) => tables[entity] as unknown as typeof dataCategories;

/** The pending changes, oldest first. */
export function listPendingChanges(db: DbOrTx): Promise<InventoryChange[]> {
  return db
    .select()
    .from(inventoryChanges)
    .where(isNull(inventoryChanges.version))
    .orderBy(asc(inventoryChanges.editedAt));
}

/** A live record as the editor's payload, with its links; null if there is none. */
export async function liveRecord<E extends InventoryEntity>(
  db: DbOrTx,
  entity: E,
  id: string,
): Promise<(InventoryRecord[E] & { retiredAt: Date | null }) | null> {
  const table = tableOf(entity);
  const [row] = await db.select().from(table).where(eq(table.id, id));
  if (!row) return null;
  const { id: _id, createdAt: _c, ...fields } = row as typeof row & { createdAt: Date };
  if (entity === 'purpose') {
    const [categoryRows, recipientRows] = await Promise.all([
      db
        .select({ id: purposeCategories.categoryId })
        .from(purposeCategories)
        .where(eq(purposeCategories.purposeId, id)),
      db
        .select({ id: purposeRecipients.recipientId })
        .from(purposeRecipients)
        .where(eq(purposeRecipients.purposeId, id)),
    ]);
    return {
      ...fields,
      categories: categoryRows.map((r) => r.id),
      recipients: recipientRows.map((r) => r.id),
    } as never;
  }
  if (entity === 'system') {
    const categoryRows = await db
      .select({ id: systemCategories.categoryId })
      .from(systemCategories)
      .where(eq(systemCategories.systemId, id));
    return { ...fields, categories: categoryRows.map((r) => r.id) } as never;
  }
  return fields as never;
}

/** What the editor starts from: the pending change's state if there is one, else the live record. */
export async function recordForEditing<E extends InventoryEntity>(db: DbOrTx, entity: E, id: string) {
  const [pending] = await db
    .select()
    .from(inventoryChanges)
    .where(
      and(eq(inventoryChanges.entity, entity), eq(inventoryChanges.entityId, id), isNull(inventoryChanges.version)),
    );
  const live = await liveRecord(db, entity, id);
  if (pending) return { record: pending.payload as InventoryRecord[E], pending, live };
  return live ? { record: live as InventoryRecord[E], pending: null, live } : null;
}

/** Why a draft edit is refused, each with a message in `inventory.errors`. */
export type DraftProblem = { field: string; key: string; values?: Record<string, string> };

/**
 * The rules across records: the code is not another record's (live or in the draft), and every
 * linked category, recipient and responsible person exists and is not being retired.
 */
export async function checkAgainstInventory<E extends InventoryEntity>(
  db: DbOrTx,
  entity: E,
  id: string | null,
  record: InventoryRecord[E],
): Promise<DraftProblem[]> {
  const table = tableOf(entity);
  const problems: DraftProblem[] = [];
  const [takenLive] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.code, record.code), id ? ne(table.id, id) : undefined));
  const pending = await listPendingChanges(db);
  const takenInDraft = pending.some(
    (c) => c.entity === entity && c.entityId !== id && (c.payload as AnyRecord).code === record.code,
  );
  if (takenLive || takenInDraft) problems.push({ field: 'code', key: 'inventory.errors.codeTaken' });

  const usable = async (linked: 'category' | 'recipient', linkedIds: string[]) => {
    if (linkedIds.length === 0) return true;
    const linkedTable = tableOf(linked);
    const live = await db
      .select({ id: linkedTable.id })
      .from(linkedTable)
      .where(and(inArray(linkedTable.id, linkedIds), isNull(linkedTable.retiredAt)));
    const drafted = pending.filter((c) => c.entity === linked && !c.retire).map((c) => c.entityId);
    const retiring = pending.filter((c) => c.entity === linked && c.retire).map((c) => c.entityId);
    return linkedIds.every((l) => (live.some((r) => r.id === l) || drafted.includes(l)) && !retiring.includes(l));
  };
  if ('categories' in record && !(await usable('category', record.categories)))
    problems.push({ field: 'categories', key: 'inventory.errors.linkGone' });
  if ('recipients' in record && !(await usable('recipient', record.recipients)))
    problems.push({ field: 'recipients', key: 'inventory.errors.linkGone' });
  if ('responsibleId' in record && record.responsibleId) {
    const [staff] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, record.responsibleId), inArray(users.role, ['agent', 'dpo', 'admin'])));
    if (!staff) problems.push({ field: 'responsibleId', key: 'inventory.errors.responsible' });
  }
  return problems;
}

async function putChange(
  tx: Tx,
  userId: string,
  entity: InventoryEntity,
  entityId: string,
  retire: boolean,
  payload: AnyRecord,
) {
  await tx
    .insert(inventoryChanges)
    .values({ entity, entityId, retire, payload, editedById: userId })
    .onConflictDoUpdate({
      target: [inventoryChanges.entity, inventoryChanges.entityId],
      targetWhere: sql`${inventoryChanges.version} is null`,
      set: { retire, payload, editedById: userId, editedAt: sql`now()` },
    });
}

/**
 * Saves a record into the draft, new (`id` null) or edited; the caller has checked it with
 * `checkAgainstInventory`. Returns the record's id (a new record's id is fixed now and kept on approval).
 */
export async function saveDraftRecord<E extends InventoryEntity>(
  tx: Tx,
  user: User,
  entity: E,
  id: string | null,
  record: InventoryRecord[E],
): Promise<string> {
  const admin = authorize(user, 'inventory.manage');
  // One editor at a time on the draft: two saves of one record would race on its pending row.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('derbes:inventory-draft'))`);
  const entityId = id ?? crypto.randomUUID();
  if (id) {
    // A retired record is history: it is not edited back to life (a new record takes its place).
    const editing = await recordForEditing(tx, entity, id);
    if (!editing || editing.live?.retiredAt) throw new DomainError('notFound');
  }
  const problems = await checkAgainstInventory(tx, entity, id, record);
  if (problems.length > 0) throw new DomainError('invalid');
  await putChange(tx, admin.id, entity, entityId, false, record);
  await recordAudit(tx, {
    actor: admin,
    action: 'policy_changed',
    entityType: `inventory_draft_${entity}`,
    entityId,
    details: { code: record.code, draft: true },
  });
  return entityId;
}

/**
 * Retires an approved record in the draft: approved records are never deleted, since past
 * versions and held items name them. A category or recipient still used by a purpose or system
 * (as the draft has them) is refused: remove it from them first.
 */
export async function retireDraftRecord(tx: Tx, user: User, entity: InventoryEntity, id: string): Promise<void> {
  const admin = authorize(user, 'inventory.manage');
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('derbes:inventory-draft'))`);
  const live = await liveRecord(tx, entity, id);
  if (!live || live.retiredAt) throw new DomainError('notFound');
  if (entity === 'category' || entity === 'recipient') {
    const users = await recordsUsing(tx, entity, id);
    if (users.length > 0) throw new DomainError('inUse');
  }
  const { retiredAt: _r, ...record } = live;
  await putChange(tx, admin.id, entity, id, true, record as AnyRecord);
  await recordAudit(tx, {
    actor: admin,
    action: 'policy_changed',
    entityType: `inventory_draft_${entity}`,
    entityId: id,
    details: { code: record.code, draft: true, retire: true },
  });
}

/** The codes of the purposes and systems (as the draft would leave them) that link to a category or recipient. */
export async function recordsUsing(db: DbOrTx, entity: 'category' | 'recipient', id: string): Promise<string[]> {
  const pending = await listPendingChanges(db);
  const pendingFor = (kind: InventoryEntity, entityId: string) =>
    pending.find((c) => c.entity === kind && c.entityId === entityId);
  const found: string[] = [];
  const kinds: ('purpose' | 'system')[] = entity === 'category' ? ['purpose', 'system'] : ['purpose'];
  for (const kind of kinds) {
    const table = tableOf(kind);
    const live = await db.select({ id: table.id }).from(table).where(isNull(table.retiredAt));
    const candidates = new Set([
      ...live.map((r) => r.id),
      ...pending.filter((c) => c.entity === kind).map((c) => c.entityId),
    ]);
    for (const candidate of candidates) {
      const change = pendingFor(kind, candidate);
      if (change?.retire) continue;
      const record = (change?.payload ?? (await liveRecord(db, kind, candidate))) as {
        code: string;
        categories: string[];
        recipients?: string[];
      } | null;
      if (!record) continue;
      const links = entity === 'category' ? record.categories : (record.recipients ?? []);
      if (links.includes(id)) found.push(record.code);
    }
  }
  return found;
}

/** Drops one pending change: a new record never approved is gone; an edited one stays as approved. */
export async function discardDraftChange(tx: Tx, user: User, changeId: string): Promise<void> {
  const admin = authorize(user, 'inventory.manage');
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('derbes:inventory-draft'))`);
  const [change] = await tx
    .delete(inventoryChanges)
    .where(and(eq(inventoryChanges.id, changeId), isNull(inventoryChanges.version)))
    .returning();
  if (!change) throw new DomainError('notFound');
  // A new category or recipient dropped while a drafted purpose or system still links to it.
  if (change.entity === 'category' || change.entity === 'recipient') {
    const live = await liveRecord(tx, change.entity, change.entityId);
    if (!live && (await recordsUsing(tx, change.entity, change.entityId)).length > 0) throw new DomainError('inUse');
  }
  await recordAudit(tx, {
    actor: admin,
    action: 'policy_changed',
    entityType: `inventory_draft_${change.entity}`,
    entityId: change.entityId,
    details: { code: (change.payload as AnyRecord).code, draft: true, discarded: true },
  });
}
