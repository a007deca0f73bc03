import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { executionTaskItems, executionTasks } from '@/db/schema/integrations';
import { dataCategories, systems } from '@/db/schema/inventory';
import { requests } from '@/db/schema/requests';
import { dataItems, subjects } from '@/db/schema/subjects';
import { recordAudit } from '@/lib/audit/record';
import { authorize, type Staff } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';

/**
 * What the person carrying out a task in a system reached "by a person" needs to find the record
 * and change it: the subject's identification details and, for a correction, the new value. Read
 * only on the task page, and each reading leaves an audit event the subject sees in their activity
 * (Art. 8-2, 22(1)(5)). A destroyed item shows no value (it is gone from the portal already);
 * a blocked one is not used (Art. 1(3)), so its value is not shown either: its category says what
 * to block.
 */
export async function openTaskValues(tx: Tx, user: Staff, taskId: string) {
  const staff = authorize(user, 'tasks.work');
  if (!isUuid(taskId)) throw new DomainError('notFound');
  const [task] = await tx
    .select({
      id: executionTasks.id,
      action: executionTasks.action,
      requestId: requests.id,
      reference: requests.reference,
      subjectId: requests.subjectId,
      execution: systems.execution,
      systemCode: systems.code,
    })
    .from(executionTasks)
    .innerJoin(requests, eq(requests.id, executionTasks.requestId))
    .innerJoin(systems, eq(systems.id, executionTasks.systemId))
    .where(eq(executionTasks.id, taskId));
  // A system reached by API gets what it needs in its webhook; people see only their own systems' tasks.
  if (!task || task.execution !== 'manual') throw new DomainError('notFound');
  const [subject] = await tx
    .select({ fullName: subjects.fullName, iin: subjects.iin, email: subjects.email, phone: subjects.phone })
    .from(subjects)
    .where(eq(subjects.id, task.subjectId));
  const itemIds = (
    await tx
      .select({ id: executionTaskItems.dataItemId })
      .from(executionTaskItems)
      .where(eq(executionTaskItems.taskId, task.id))
  ).map((r) => r.id);
  const items = itemIds.length
    ? await tx
        .select({
          id: dataItems.id,
          categoryCode: dataCategories.code,
          categoryName: dataCategories.name,
          state: dataItems.state,
          value: dataItems.value,
        })
        .from(dataItems)
        .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
        .where(and(inArray(dataItems.id, itemIds), eq(dataItems.subjectId, task.subjectId)))
        .orderBy(dataCategories.sortOrder)
    : [];
  const shown = items.map((item) => ({
    ...item,
    value: task.action === 'rectify' && item.state === 'active' ? item.value : null,
  }));
  await recordAudit(tx, {
    actor: staff,
    action: 'data_viewed',
    subjectId: task.subjectId,
    entityType: 'execution_task',
    entityId: task.id,
    reason: task.reference,
    details: { for: 'task', system: task.systemCode, items: shown.filter((i) => i.value !== null).map((i) => i.id) },
  });
  return { subject: subject ?? null, items: shown };
}
