// The demo's requests: a few, so the back office has a queue to show from the first click.
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { fileRequest } from '@/lib/requests/file';
import type { InventoryIds } from './inventory';
import { demoSubjects, paperSubject, type SubjectIds } from './subjects';

/** One completed access request, one destruction request in progress with the agent, one new objection. */
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
