import { randomUUID } from 'node:crypto';
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { executionTaskItems, executionTasks, type TaskAction } from '@/db/schema/integrations';
import { dataCategories, systemCategories, systems } from '@/db/schema/inventory';
import { requests, type Request } from '@/db/schema/requests';
import { recordEvent } from '@/lib/events/record';
import type { TaskSink, TouchedItem } from './pending';

type HoldingSystem = { id: string; code: string; execution: 'api' | 'manual'; responsibleId: string | null };
type HolderRow = HoldingSystem & { categoryId: string | null };

/**
 * The systems holding data of these categories, or the items' own systems (retired systems hold
 * nothing): a row per system and held category among them (a null category for an own system
 * holding none of them), in the systems' order. `categoryIds` and `ownSystemIds` are SQL arrays.
 */
export const holdersSql = (categoryIds: SQL | Placeholder, ownSystemIds: SQL | Placeholder) => sql`
  select distinct ${systems.id}, ${systems.code}, ${systems.execution}, ${systems.responsibleId} as "responsibleId",
    ${systems.sortOrder}, ${systemCategories.categoryId} as "categoryId"
  from ${systems}
  left join ${systemCategories} on ${systemCategories.systemId} = ${systems.id}
    and ${systemCategories.categoryId} = any(${categoryIds}::uuid[])
  where ${systems.retiredAt} is null
    and (${systemCategories.categoryId} = any(${categoryIds}::uuid[]) or ${systems.id} = any(${ownSystemIds}::uuid[]))
  order by ${systems.sortOrder}, ${systems.code}`;

/** Holders read ahead for a set of items (lib/backoffice/execute.ts), with the categories' codes. */
export type KnownHolders = {
  categoryIds: string[];
  ownSystemIds: string[];
  holders: HolderRow[];
  codes: Record<string, string>;
  /** The request's due time as the execution has left it, when known without reading (null: read it). */
  dueAt: Date | null;
} | null;

/** What `holdersSql` and the codes read for `items` become, for writeTasks. */
export function knownHoldersOf(
  items: readonly TouchedItem[],
  holders: HolderRow[] | null,
  codes: Record<string, string> | null,
  dueAt: Date | null,
): KnownHolders {
  if (items.length === 0) return null;
  return {
    dueAt,
    categoryIds: [...new Set(items.map((i) => i.categoryId))],
    ownSystemIds: [...new Set(items.flatMap((i) => (i.systemId ? [i.systemId] : [])))],
    holders: holders ?? [],
    codes: codes ?? {},
  };
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * Art. 25(2)(8): a correction, block or destruction is carried out where the data are, not only in
 * the portal's copy. One task per system that holds an affected item (the inventory's
 * system_categories for the item's category, or the system the item itself came from; retired
 * systems hold nothing), with the items it concerns, written in the execution's transaction with a
 * `task.created` event (the webhook to a system reached by API follows from it). A system reached
 * "by a person" has its task assigned to its responsible staff member.
 */
export async function writeTasks(
  tx: Tx,
  request: Pick<Request, 'id' | 'reference' | 'type' | 'subjectId'>,
  sink: TaskSink,
  /** The holders of the items the execution locked (knownHoldersOf), used when it touched exactly those. */
  known: KnownHolders = null,
): Promise<number> {
  const groups = sink.drain();
  if (groups.length === 0) return 0;
  const allItems = groups.flatMap((g) => g.items);
  const categoryIds = [...new Set(allItems.map((i) => i.categoryId))];
  const ownSystemIds = [...new Set(allItems.flatMap((i) => (i.systemId ? [i.systemId] : [])))];
  // Known: the execution read the holders of exactly these items with its checks (lib/backoffice/execute.ts).
  const usable = known && sameIds(known.categoryIds, categoryIds) && sameIds(known.ownSystemIds, ownSystemIds);
  let holders: HolderRow[];
  let codes: Map<string, string>;
  // The due time the execution left (a BLOCK's review has its own): the subject's, for every task.
  let dueAt: Date | null = null;
  if (usable) {
    holders = known.holders;
    codes = new Map(Object.entries(known.codes));
    dueAt = known.dueAt;
  } else {
    // The holders, with the categories' codes and the due time on each row: one statement, built
    // once (db/prebuilt.ts: every RECTIFY, BLOCK and DESTROY sends it), the ids as arrays.
    const rows = await runPrebuilt<HolderRow & { codes: Record<string, string> | null; dueAt: string }>(
      tx,
      'tasks.holders',
      () => sql`
        select h.*,
          (select jsonb_object_agg(c.id, c.code) from ${dataCategories} c
            where c.id = any(${sql.placeholder('categoryIds')}::uuid[])) as codes,
          (select r.due_at from ${requests} r where r.id = ${sql.placeholder('requestId')}) as "dueAt"
        from (${holdersSql(sql.placeholder('categoryIds'), sql.placeholder('ownSystemIds'))}) h
        order by h.sort_order, h.code`,
      { categoryIds, ownSystemIds, requestId: request.id },
    );
    holders = rows;
    codes = new Map(Object.entries(rows[0]?.codes ?? {}));
    if (rows[0]) dueAt = requests.dueAt.mapFromDriverValue(rows[0].dueAt) as Date;
  }
  if (holders.length === 0) return 0;
  const systemList: HoldingSystem[] = [];
  for (const h of holders) if (!systemList.some((s) => s.id === h.id)) systemList.push(h);
  // A removal from public sources stops the publishing purposes; the systems are told what it is.
  const actionOf = (action: TaskAction): TaskAction =>
    request.type === 'PUBLIC_REMOVE' && action === 'stop_processing' ? 'public_remove' : action;
  let written = 0;
  for (const group of groups) {
    for (const system of systemList) {
      const held = new Set(holders.filter((h) => h.id === system.id).map((h) => h.categoryId));
      const items = group.items.filter((i) => held.has(i.categoryId) || i.systemId === system.id);
      if (items.length === 0) continue;
      // The task with its items (its id made here: one statement, built once), returning the request's
      // due time as this transaction has left it; its event is sent with it when the due time is known.
      const taskId = randomUUID();
      const itemsWritten = runPrebuilt<{ dueAt: string }>(
        tx,
        'tasks.write',
        (b) => sql`with task as (${b
          .insert(executionTasks)
          .values({
            id: sql.placeholder('taskId'),
            requestId: sql.placeholder('requestId'),
            systemId: sql.placeholder('systemId'),
            action: sql.placeholder('action'),
            purposeId: sql.placeholder('purposeId'),
            assigneeId: sql.placeholder('assigneeId'),
          })
          .getSQL()} returning 1),
          written as (insert into ${executionTaskItems} (task_id, data_item_id, category_id)
            select ${sql.placeholder('taskId')}::uuid, i.item, i.category
            from unnest(${sql.placeholder('itemIds')}::uuid[], ${sql.placeholder('categoryIds')}::uuid[]) as i(item, category)
            returning 1)
          select (select r.due_at from ${requests} r where r.id = ${sql.placeholder('requestId')}::uuid) as "dueAt"`,
        {
          taskId,
          requestId: request.id,
          systemId: system.id,
          action: actionOf(group.action),
          purposeId: group.purposeId,
          assigneeId: system.execution === 'manual' ? system.responsibleId : null,
          itemIds: items.map((i) => i.id),
          categoryIds: items.map((i) => i.categoryId),
        },
      );
      if (!dueAt) dueAt = requests.dueAt.mapFromDriverValue((await itemsWritten)[0]!.dueAt) as Date;
      const recorded = recordEvent(tx, {
        type: 'task.created',
        subjectId: request.subjectId,
        payload: {
          taskId,
          systemId: system.id,
          systemCode: system.code,
          requestId: request.id,
          reference: request.reference,
          type: request.type,
          action: actionOf(group.action),
          dueAt: dueAt.toISOString(),
          items: items.map((i) => ({ itemId: i.id, categoryCode: codes.get(i.categoryId) ?? '' })),
        },
      });
      await Promise.all([itemsWritten, recorded]);
      written++;
    }
  }
  return written;
}
