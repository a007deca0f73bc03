import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { closeDb } from '@/db';
import { auditEvents } from '@/db/schema/audit';
import { executionTaskItems, executionTasks } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { requests } from '@/db/schema/requests';
import { dataItems } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { describeActivity } from '@/lib/activity/describe';
import { PROBLEM_BASE } from '@/lib/api/problems';
import { call, makeToken } from '@/lib/api/testing';
import { applyEnv } from '@/lib/env';
import { translatorFor } from '@/lib/i18n/translator';
import { POST as done } from './tasks/[id]/done/route';
import { POST as failed } from './tasks/[id]/failed/route';
import { GET as listTasks } from './tasks/route';

/**
 * [API] Issue 13, point 3: a system reached by API reads its own tasks and closes them done or
 * failed; a token of another system can neither see nor close them; closing twice the same way is
 * a retry, the other way a conflict; the subject's activity names the token (Art. 8-2).
 */
let t: TestDatabase;
let crm: { token: string; name: string };
let hr: { token: string; name: string };
let taskId: string;
before(async () => {
  t = await createSeededTestDatabase();
  applyEnv({ DATABASE_URL: t.url });
  crm = await makeToken(t.db, ['tasks:read', 'tasks:write'], 'crm');
  hr = await makeToken(t.db, ['tasks:read', 'tasks:write'], 'hr');
  const [system] = await t.db.select().from(systems).where(eq(systems.code, 'crm'));
  const [request] = await t.db.select().from(requests).orderBy(desc(requests.registeredAt)).limit(1);
  const [item] = await t.db.select().from(dataItems).where(eq(dataItems.subjectId, request!.subjectId)).limit(1);
  const [task] = await t.db
    .insert(executionTasks)
    .values({ requestId: request!.id, systemId: system!.id, action: 'destroy' })
    .returning();
  await t.db
    .insert(executionTaskItems)
    .values({ taskId: task!.id, dataItemId: item!.id, categoryId: item!.categoryId });
  taskId = task!.id;
});
after(async () => {
  await closeDb();
  await t.drop();
});

const close = (handler: typeof done, token: string, body: unknown) =>
  call(handler, 'POST', `/tasks/${taskId}`, { token, body, params: { id: taskId } });

describe('[API] tasks', () => {
  test("[API] a system lists its own open tasks; naming another system's is 403 other-system", async () => {
    const mine = await call(listTasks, 'GET', '/tasks?system=crm', { token: crm.token });
    assert.equal(mine.status, 200);
    const listed = (mine.body.data as { id: string; items: unknown[]; action: string }[]).find((x) => x.id === taskId);
    assert.equal(listed?.action, 'destroy');
    assert.equal(listed?.items.length, 1);
    const theirs = await call(listTasks, 'GET', '/tasks', { token: hr.token });
    assert.ok(!(theirs.body.data as { id: string }[]).some((x) => x.id === taskId));
    const other = await call(listTasks, 'GET', '/tasks?system=crm', { token: hr.token });
    assert.deepEqual([other.status, other.body.type], [403, `${PROBLEM_BASE}other-system`]);
    const badCursor = await call(listTasks, 'GET', '/tasks?cursor=x', { token: crm.token });
    assert.equal(badCursor.status, 422);
  });

  test('[API] a token of another system closing a task is 404 not-found, and the task stays open', async () => {
    const answer = await close(done, hr.token, {});
    assert.deepEqual([answer.status, answer.body.type], [404, `${PROBLEM_BASE}not-found`]);
    const [task] = await t.db.select().from(executionTasks).where(eq(executionTasks.id, taskId));
    assert.equal(task!.state, 'open');
  });

  test('[API] failed needs a reason (422)', async () => {
    const answer = await close(failed, crm.token, { reason: '  ' });
    assert.deepEqual([answer.status, answer.body.type], [422, `${PROBLEM_BASE}validation`]);
  });

  test('[API] Art. 8-2: done closes the task, by the token the subject sees; done again is a retry; failed then is 409', async () => {
    const first = await close(done, crm.token, { note: 'Erased from the CRM' });
    assert.equal(first.status, 200);
    assert.deepEqual([first.body.state, first.body.note], ['done', 'Erased from the CRM']);
    const again = await close(done, crm.token, { note: 'Erased from the CRM' });
    assert.deepEqual([again.status, again.body.state], [200, 'done']);
    const conflict = await close(failed, crm.token, { reason: 'Actually not' });
    assert.deepEqual([conflict.status, conflict.body.type], [409, `${PROBLEM_BASE}task-closed`]);
    const [task] = await t.db.select().from(executionTasks).where(eq(executionTasks.id, taskId));
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'request'), eq(auditEvents.actorRole, 'api')))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    assert.equal(task!.closedByTokenId, event!.actorId);
    assert.equal(describeActivity(translatorFor('en'), event!, 'en').actor, `an operator's system (${crm.name})`);
  });
});
