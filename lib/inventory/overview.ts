import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';
import type { LocalizedText } from '@/db/schema/columns';
import {
  dataCategories,
  purposes,
  recipients,
  systems,
  type InventoryChange,
  type InventoryEntity,
} from '@/db/schema/inventory';
import { listPendingChanges, liveRecord } from './draft';
import type { InventoryRecord } from './records';

export type OverviewState = 'inForce' | 'retired' | 'draftNew' | 'draftChanged' | 'draftRetire';
export type OverviewRow<E extends InventoryEntity> = {
  id: string;
  record: InventoryRecord[E];
  state: OverviewState;
};

/**
 * The inventory as the back office lists it: every record, live or retired, with the draft laid
 * over it (a record edited in the draft shows its drafted state, marked), so the admin sees what
 * they are working on and the dpo what awaits approval.
 */
export async function inventoryOverview(db: DbOrTx) {
  const pending = await listPendingChanges(db);
  const tables = { category: dataCategories, purpose: purposes, recipient: recipients, system: systems };
  async function rows<E extends InventoryEntity>(entity: E): Promise<OverviewRow<E>[]> {
    const table = tables[entity] as unknown as typeof dataCategories;
    // Recipients have no order of their own: listed by code, as the notice lists them.
    const order = 'sortOrder' in tables[entity] ? [asc(table.sortOrder), asc(table.code)] : [asc(table.code)];
    const live = await db
      .select({ id: table.id, retiredAt: table.retiredAt })
      .from(table)
      .orderBy(...order);
    const out: OverviewRow<E>[] = [];
    for (const { id, retiredAt } of live) {
      const change = pending.find((c) => c.entity === entity && c.entityId === id);
      const record = (change?.payload ?? (await liveRecord(db, entity, id))) as InventoryRecord[E];
      const state: OverviewState = change
        ? change.retire
          ? 'draftRetire'
          : 'draftChanged'
        : retiredAt
          ? 'retired'
          : 'inForce';
      out.push({ id, record, state });
    }
    for (const change of pending.filter((c) => c.entity === entity && !live.some((l) => l.id === c.entityId)))
      out.push({ id: change.entityId, record: change.payload as InventoryRecord[E], state: 'draftNew' });
    return out;
  }
  const [category, purpose, recipient, system] = await Promise.all([
    rows('category'),
    rows('purpose'),
    rows('recipient'),
    rows('system'),
  ]);
  return { category, purpose, recipient, system, pending };
}

/** The names of records by id, live or only drafted: what a purpose's or system's links show. */
export function namesById(overview: Awaited<ReturnType<typeof inventoryOverview>>): Map<string, LocalizedText> {
  const names = new Map<string, LocalizedText>();
  for (const entity of ['category', 'purpose', 'recipient', 'system'] as const)
    for (const row of overview[entity]) names.set(row.id, row.record.name);
  return names;
}

/** Staff who may carry out a system's tasks by hand, by id, with the names the forms show. */
export function listResponsibleStaff(db: DbOrTx) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.role, ['agent', 'dpo', 'admin']))
    .orderBy(asc(users.name));
}

/** The pending changes with the editor's name. */
export async function pendingWithEditors(db: DbOrTx): Promise<(InventoryChange & { editorName: string | null })[]> {
  const pending = await listPendingChanges(db);
  const ids = [...new Set(pending.map((c) => c.editedById).filter((id): id is string => id !== null))];
  const editors =
    ids.length > 0 ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)) : [];
  return pending.map((c) => ({ ...c, editorName: editors.find((e) => e.id === c.editedById)?.name ?? null }));
}
