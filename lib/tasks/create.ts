import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
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
  // The holders, with the categories' codes and the due time on each row: one statement.
  const holders = await tx
    .selectDistinct({
      id: systems.id,
      code: systems.code,
      execution: systems.execution,
      responsibleId: systems.responsibleId,
      sortOrder: systems.sortOrder,
      categoryId: systemCategories.categoryId,
      codes: sql<Record<string, string> | null>`(select jsonb_object_agg(c.id, c.code) from ${dataCategories} c
        where c.id in ${categoryIds})`,
      // The due time the execution left (a BLOCK's review has its own): the subject's, for every task.
      dueAt: sql`(select r.due_at from ${requests} r where r.id = ${request.id})`.mapWith(requests.dueAt),
    })
    .from(systems)
    .leftJoin(
      systemCategories,
      and(eq(systemCategories.systemId, systems.id), inArray(systemCategories.categoryId, categoryIds)),
    )
    .where(
      and(
        isNull(systems.retiredAt),
        or(
          inArray(systemCategories.categoryId, categoryIds),
          ownSystemIds.length ? inArray(systems.id, ownSystemIds) : undefined,
        ),
      ),
    )
    .orderBy(systems.sortOrder, systems.code);
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
      // The task with its items (its id made here: one statement), and its event, sent together.
      const taskId = randomUUID();
      const task = tx
        .insert(executionTasks)
        .values({
          id: taskId,
          requestId: request.id,
          systemId: system.id,
          action: actionOf(group.action),
          purposeId: group.purposeId,
          assigneeId: system.execution === 'manual' ? system.responsibleId : null,
        })
        .getSQL();
      const taskItems = tx
        .insert(executionTaskItems)
        .values(items.map((i) => ({ taskId, dataItemId: i.id, categoryId: i.categoryId })))
        .getSQL();
      const itemsWritten = tx.execute(sql`with task as (${task} returning 1) ${taskItems}`);
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
