// The demo's requests: a few, so the back office has a queue to show from the first click.
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { executeRequest } from '@/lib/backoffice/execute';
import { fileRequest } from '@/lib/requests/file';
import { closeTask } from '@/lib/tasks/close';
import { listTasksForSystem } from '@/lib/tasks/queries';
import type { InventoryIds } from './inventory';
import { demoSubjects, paperSubject, type SubjectIds } from './subjects';

/**
 * One completed access request, one destruction request in progress with the agent, one new
 * objection, and a correction executed in the portal that the operator's systems are carrying out:
 * the CRM has done it, the HR system's task waits for the agent (issue 13).
 */
export async function seedRequests(
  tx: Tx,
  now: Date,
  { categoryId, purposeId, subjectIds, itemIds }: InventoryIds & SubjectIds,
): Promise<void> {
  const [agent] = await tx.execute<{ id: string }>(sql`select id from users where email = 'agent@dalabilim.kz'`);
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const access = await fileRequest(tx, {
    subjectId: subjectIds[demoSubjects.aigul]!,
    type: 'ACCESS',
    registeredAt: daysAgo(20),
    notify: false,
  });
  const destroy = await fileRequest(tx, {
    subjectId: subjectIds[demoSubjects.dmitry]!,
    type: 'DESTROY',
    description: 'Прошу уничтожить номер телефона: рассылки мне больше не нужны.',
    items: [{ dataItemId: itemIds[`${demoSubjects.dmitry}:phone`]!, categoryId: categoryId('phone') }],
    registeredAt: daysAgo(6),
    notify: false,
  });
  await tx.execute(sql`update requests set state = 'IN_PROGRESS', assignee_id = ${agent!.id} where id = ${destroy.id}`);
  await fileRequest(tx, {
    subjectId: subjectIds[demoSubjects.aigul]!,
    type: 'OBJECT_AUTO',
    purposeId: purposeId('career_matching'),
    description: 'Бос орындарды алгоритм емес, адам қарап шықсын деп сұраймын.',
    registeredAt: now,
    notify: false,
  });
  await tx.execute(sql`update requests set state = 'COMPLETED', completed_at = registered_at + interval '1 day'
    where id = ${access.id}`);
  // Dmitry changed jobs and finished a course: the agent executed the correction; the CRM (by API)
  // changed its copy, the HR system (by a person) still has to.
  const rectify = await fileRequest(tx, {
    subjectId: subjectIds[demoSubjects.dmitry]!,
    type: 'RECTIFY',
    description: 'Сменил место работы и окончил курс.',
    items: [
      {
        dataItemId: itemIds[`${demoSubjects.dmitry}:employer`]!,
        categoryId: categoryId('employer'),
        proposedValue: 'ТОО «Steppe Analytics», БИН 190340011223',
      },
      {
        dataItemId: itemIds[`${demoSubjects.dmitry}:education`]!,
        categoryId: categoryId('education'),
        proposedValue:
          'КазНТУ им. Сатпаева, инженер-механик, 2010; курс «Управление проектами», 2026; курс «Аналитика данных», 2026',
      },
    ],
    registeredAt: daysAgo(3),
    notify: false,
  });
  const staff = { id: agent!.id, role: 'agent' as const };
  await executeRequest(tx, staff, {
    requestId: rectify.id,
    version: 1,
    outcome: 'Место работы и образование исправлены.',
  });
  const [crm] = await tx.execute<{ id: string }>(sql`select id from systems where code = 'crm'`);
  for (const task of (await listTasksForSystem(tx, crm!.id, { limit: 10 })).tasks)
    await closeTask(tx, { kind: 'staff', staff }, task.id, { outcome: 'done', note: 'Обновлено в CRM.' });
  // A paper request from the subject without e-mail, registered by the agent: its acknowledgement
  // is a letter waiting on "Letters to send" (Art. 10(2); lib/mail/subject-email.ts).
  await fileRequest(tx, {
    subjectId: subjectIds[paperSubject]!,
    type: 'ACCESS',
    channel: 'paper',
    description: 'Мен туралы қандай дербес деректер өңделетінін хатпен жіберулеріңізді сұраймын.',
    registeredAt: daysAgo(1),
    actor: { id: agent!.id, role: 'agent' },
  });
}
