import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { executionTaskItems, executionTasks, type TaskAction } from '@/db/schema/integrations';
import { dataCategories, systemCategories, systems } from '@/db/schema/inventory';
import { requests, type Request } from '@/db/schema/requests';
import { recordEvent } from '@/lib/events/record';
import type { TaskSink } from './pending';

type HoldingSystem = { id: string; code: string; execution: 'api' | 'manual'; responsibleId: string | null };

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
): Promise<number> {
  const groups = sink.drain();
  if (groups.length === 0) return 0;
  const allItems = groups.flatMap((g) => g.items);
  const categoryIds = [...new Set(allItems.map((i) => i.categoryId))];
  const ownSystemIds = [...new Set(allItems.flatMap((i) => (i.systemId ? [i.systemId] : [])))];
  // The holders, with the categories' codes and the due time on each row: one statement, built
  // once (db/prebuilt.ts: every RECTIFY, BLOCK and DESTROY sends it), the ids as arrays.
  const rows = await runPrebuilt<{
    id: string;
    code: string;
    execution: 'api' | 'manual';
    responsibleId: string | null;
    categoryId: string | null;
    codes: Record<string, string> | null;
    dueAt: string;
  }>(
    tx,
    'tasks.holders',
    () => sql`
      select distinct ${systems.id}, ${systems.code}, ${systems.execution}, ${systems.responsibleId} as "responsibleId",
        ${systems.sortOrder}, ${systemCategories.categoryId} as "categoryId",
        (select jsonb_object_agg(c.id, c.code) from ${dataCategories} c
          where c.id = any(${sql.placeholder('categoryIds')}::uuid[])) as codes,
        -- The due time the execution left (a BLOCK's review has its own): the subject's, for every task.
        (select r.due_at from ${requests} r where r.id = ${sql.placeholder('requestId')}) as "dueAt"
      from ${systems}
      left join ${systemCategories} on ${systemCategories.systemId} = ${systems.id}
        and ${systemCategories.categoryId} = any(${sql.placeholder('categoryIds')}::uuid[])
      where ${systems.retiredAt} is null
        and (${systemCategories.categoryId} = any(${sql.placeholder('categoryIds')}::uuid[])
             or ${systems.id} = any(${sql.placeholder('ownSystemIds')}::uuid[]))
      order by ${systems.sortOrder}, ${systems.code}`,
    { categoryIds, ownSystemIds, requestId: request.id },
  );
  const holders = rows.map((row) => ({ ...row, dueAt: requests.dueAt.mapFromDriverValue(row.dueAt) as Date }));
  if (holders.length === 0) return 0;
  const codes = new Map(Object.entries(holders[0]!.codes ?? {}));
  const dueAt = holders[0]!.dueAt;
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
      // The task with its items (its id made here: one statement, built once), and its event, sent together.
      const taskId = randomUUID();
      const itemsWritten = runPrebuilt(
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
          .getSQL()} returning 1)
          insert into ${executionTaskItems} (task_id, data_item_id, category_id)
          select ${sql.placeholder('taskId')}::uuid, i.item, i.category
          from unnest(${sql.placeholder('itemIds')}::uuid[], ${sql.placeholder('categoryIds')}::uuid[]) as i(item, category)`,
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
