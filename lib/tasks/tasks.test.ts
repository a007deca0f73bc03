import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { auditEvents } from '@/db/schema/audit';
import { consentPurposes, consents } from '@/db/schema/consents';
import { domainEvents } from '@/db/schema/events';
import { executionTaskItems, executionTasks } from '@/db/schema/integrations';
import { dataCategories, purposes, systemCategories, systems } from '@/db/schema/inventory';
import { outgoingEmails } from '@/db/schema/mail';
import { requestEvents, requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { executeRequest, refuseRequest } from '@/lib/backoffice/execute';
import { requestInformation } from '@/lib/backoffice/work';
import { findQueuePage } from '@/db/queries/queue';
import { countRequests } from '@/db/queries/requests';
import { DomainError } from '@/lib/errors';
import { fileSubjectRequest, type SubjectRequestInput } from '@/lib/requests/subject-requests';
import { closeTask, markTaskDoneByHand, sendTaskAgain } from './close';
import { findExecutionProgress, findSubjectExecution, listStaffTasks, listTasksForSystem, taskDetail } from './queries';
import { carryOutTasks, systemCloser } from './testing';
import { openTaskValues } from './values';

/**
 * Art. 25(2)(8): executing a request changes the data where they are. The demo operator's systems
 * hold: `crm` (by API) full_name, email, phone, education, iin; `hr` (by a person, the demo agent
 * responsible) full_name, iin, employer.
 */
let t: TestDatabase;
let agent: Staff;
let dpo: Staff;
const refused = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

before(async () => {
  t = await createSeededTestDatabase();
  const staffOf = async (email: string, role: 'agent' | 'dpo') => {
    const [u] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return { id: u!.id, role };
  };
  agent = await staffOf('agent@dalabilim.kz', 'agent');
  dpo = await staffOf('dpo@dalabilim.kz', 'dpo');
});
after(() => t.drop());

async function person(categories = ['full_name', 'email', 'phone', 'education', 'employer']) {
  const { subject, items } = await createSubjectWithItems(t.db, { locale: 'ru', categories });
  const codes = await t.db
    .select({ id: dataCategories.id, code: dataCategories.code })
    .from(dataCategories)
    .where(inArray(dataCategories.code, categories));
  const item = (code: string) => items.find((i) => i.categoryId === codes.find((c) => c.code === code)!.id)!;
  return { subject, items, item };
}
const file = (subjectId: string, request: SubjectRequestInput) =>
  t.db.transaction((tx) =>
    fileSubjectRequest(tx, {
      subjectId,
      actor: { id: null, role: 'subject' },
      request,
      uploads: [],
      idempotencyKey: null,
    }),
  );
const requestOf = async (id: string) => (await t.db.select().from(requests).where(eq(requests.id, id)))[0]!;
const execute = async (id: string, outcome: string | null = null, decision?: 'confirm' | 'reject' | 'uphold') =>
  t.db.transaction(async (tx) =>
    executeRequest(tx, agent, { requestId: id, version: (await requestOf(id)).version, outcome, decision }),
  );
async function tasksOf(requestId: string) {
  const rows = await t.db
    .select({ task: executionTasks, code: systems.code })
    .from(executionTasks)
    .innerJoin(systems, eq(systems.id, executionTasks.systemId))
    .where(eq(executionTasks.requestId, requestId))
    .orderBy(systems.code, executionTasks.action);
  return rows.map((r) => ({ ...r.task, code: r.code }));
}
const summary = async (requestId: string) =>
  (await tasksOf(requestId)).map((task) => `${task.code}:${task.action}:${task.state}`).sort();
const eventsOf = async (type: string, requestId: string) =>
  (await t.db.select().from(domainEvents).where(eq(domainEvents.type, type))).filter(
    (e) => (e.payload as { requestId?: string }).requestId === requestId,
  );
const close = (closer: Parameters<typeof closeTask>[1], taskId: string, outcome: 'done' | 'failed', note?: string) =>
  t.db.transaction((tx) => closeTask(tx, closer, taskId, { outcome, note }));
const staffCloser = (staff: Staff) => ({ kind: 'staff' as const, staff });
const rectify = (subjectId: string, itemId: string, value: string) =>
  file(subjectId, { type: 'RECTIFY', changes: [{ itemId, value }], supplement: null, description: null });

describe('[TASKS] Art. 25(2)(8): execution reaches every system holding the data', () => {
  test('[TASKS] Art. 25(2)(8): a RECTIFY completes only when every system holding the data has changed it', async () => {
    const p = await person();
    const filed = await rectify(p.subject.id, p.item('full_name').id, 'Асқар Серікұлы');
    await execute(filed.id, 'Фамилия исправлена.');
    assert.deepEqual(await summary(filed.id), ['crm:rectify:open', 'hr:rectify:open']);
    const [crm, hr] = await tasksOf(filed.id);
    assert.equal(hr!.assigneeId, agent.id, "a system reached by a person: its responsible's task");
    assert.equal(crm!.assigneeId, null);
    const items = await t.db.select().from(executionTaskItems).where(eq(executionTaskItems.taskId, crm!.id));
    assert.deepEqual(
      items.map((i) => i.dataItemId),
      [p.item('full_name').id],
    );
    let request = await requestOf(filed.id);
    assert.equal(request.state, 'EXECUTING');
    assert.equal(request.completedAt, null);
    assert.equal((await eventsOf('request.executed', filed.id)).length, 0, 'not executed for the subject yet');
    const created = await eventsOf('task.created', filed.id);
    assert.equal(created.length, 2);
    for (const event of created)
      assert.equal((event.payload as { dueAt: string }).dueAt, request.dueAt!.toISOString(), "the request's due time");
    assert.doesNotMatch(JSON.stringify(created), /Асқар/, 'no personal value in the event');
    const mails = () =>
      t.db
        .select()
        .from(outgoingEmails)
        .where(and(eq(outgoingEmails.requestId, filed.id), eq(outgoingEmails.kind, 'request_executed')));
    assert.equal((await mails()).length, 0);

    await close(await systemCloser(t.db, 'crm'), crm!.id, 'done', 'updated');
    assert.equal((await requestOf(filed.id)).state, 'EXECUTING', 'one system of two');
    assert.deepEqual(
      await findExecutionProgress(t.db, [filed.id]),
      new Map([[filed.id, { done: 1, total: 2, failed: 0 }]]),
    );

    await close(staffCloser(agent), hr!.id, 'done', 'Исправлено в кадровой системе.');
    request = await requestOf(filed.id);
    assert.equal(request.state, 'COMPLETED');
    assert.ok(request.completedAt);
    assert.equal(request.outcome, 'Фамилия исправлена.');
    const executed = await eventsOf('request.executed', filed.id);
    assert.equal(executed.length, 1);
    assert.equal((executed[0]!.payload as { outcome: string }).outcome, 'Фамилия исправлена.');
    assert.equal((await mails()).length, 1, 'the subject is told once, when it is done everywhere');
    assert.equal((await eventsOf('task.done', filed.id)).length, 2);
  });

  test('[TASKS] Art. 25(2)(8): where no system holds the category, the request completes at once', async () => {
    const p = await person(['hobby']);
    const filed = await rectify(p.subject.id, p.items[0]!.id, 'chess');
    await execute(filed.id);
    assert.deepEqual(await tasksOf(filed.id), []);
    assert.equal((await requestOf(filed.id)).state, 'COMPLETED');
  });

  test("[TASKS] an item that came from a system is that system's to change, and a retired system holds nothing", async () => {
    const p = await person(['hobby', 'phone']);
    const [hr] = await t.db.select().from(systems).where(eq(systems.code, 'hr'));
    await t.db
      .update(dataItems)
      .set({ systemId: hr!.id })
      .where(eq(dataItems.id, p.item('hobby').id));
    const filed = await rectify(p.subject.id, p.item('hobby').id, 'go');
    await execute(filed.id);
    assert.deepEqual(await summary(filed.id), ['hr:rectify:open']);

    const [crm] = await t.db.select().from(systems).where(eq(systems.code, 'crm'));
    await t.db.update(systems).set({ retiredAt: new Date() }).where(eq(systems.id, crm!.id));
    try {
      const phone = await rectify(p.subject.id, p.item('phone').id, '+7 700 000 11 22');
      await execute(phone.id);
      assert.deepEqual(await summary(phone.id), []);
      assert.equal((await requestOf(phone.id)).state, 'COMPLETED');
    } finally {
      await t.db.update(systems).set({ retiredAt: null }).where(eq(systems.id, crm!.id));
    }
  });

  test('[TASKS] Art. 25(2)(8): a DESTROY is carried out by every system holding the items, each with its own', async () => {
    const p = await person();
    const filed = await file(p.subject.id, {
      type: 'DESTROY',
      itemIds: [p.item('employer').id, p.item('phone').id],
      description: 'Не нужно.',
    });
    await execute(filed.id);
    assert.deepEqual(await summary(filed.id), ['crm:destroy:open', 'hr:destroy:open']);
    const [crm, hr] = await tasksOf(filed.id);
    const itemsOf = async (taskId: string) => (await taskDetail(t.db, taskId))!.items.map((i) => i.categoryCode).sort();
    assert.deepEqual(await itemsOf(crm!.id), ['phone']);
    assert.deepEqual(await itemsOf(hr!.id), ['employer']);
    assert.equal(await carryOutTasks(t.db, filed.id), 2);
    assert.equal((await requestOf(filed.id)).state, 'COMPLETED');
  });

  test('[TASKS] Art. 25(2)(8): a BLOCK blocks in the systems while under review; the rejection unblocks there too', async () => {
    const p = await person();
    const filed = await file(p.subject.id, { type: 'BLOCK', itemIds: [p.item('email').id], description: 'x' });
    // Filed days ago, its own due time unlike any the review could get (both end a working day).
    const dueBefore = new Date(Date.now() + 3_600_000);
    await t.db.update(requests).set({ dueAt: dueBefore }).where(eq(requests.id, filed.id));
    await execute(filed.id);
    const blocked = await requestOf(filed.id);
    assert.equal(blocked.state, 'DATA_BLOCKED');
    assert.deepEqual(await summary(filed.id), ['crm:block:open']);
    // The system is given the review's due time (Art. 24(1)(3)), not the filing's.
    assert.notEqual(blocked.dueAt!.getTime(), dueBefore.getTime());
    const [created] = await eventsOf('task.created', filed.id);
    assert.equal((created!.payload as { dueAt: string }).dueAt, blocked.dueAt!.toISOString());
    // The review goes on while the blocking is still under way in the system.
    await execute(filed.id, 'Нарушение не подтвердилось.', 'reject');
    assert.deepEqual(await summary(filed.id), ['crm:block:open', 'crm:unblock:open']);
    assert.equal((await requestOf(filed.id)).state, 'EXECUTING');
    await carryOutTasks(t.db, filed.id);
    assert.equal((await requestOf(filed.id)).state, 'COMPLETED');
  });

  test('[TASKS] Art. 25(2)(8): a confirmed BLOCK destroys in the systems; a refused one unblocks there', async () => {
    const p = await person();
    const confirmed = await file(p.subject.id, { type: 'BLOCK', itemIds: [p.item('employer').id], description: 'x' });
    await execute(confirmed.id);
    await carryOutTasks(t.db, confirmed.id);
    assert.equal((await requestOf(confirmed.id)).state, 'DATA_BLOCKED', 'the review is still to come');
    await execute(confirmed.id, 'Нарушение подтвердилось, данные уничтожены.', 'confirm');
    assert.deepEqual(await summary(confirmed.id), ['hr:block:done', 'hr:destroy:open']);
    assert.equal((await requestOf(confirmed.id)).state, 'EXECUTING');

    const q = await person();
    const refusedBlock = await file(q.subject.id, { type: 'BLOCK', itemIds: [q.item('phone').id], description: 'x' });
    await execute(refusedBlock.id);
    await t.db.transaction(async (tx) =>
      refuseRequest(tx, agent, {
        requestId: refusedBlock.id,
        version: (await requestOf(refusedBlock.id)).version,
        reasonCode: 'other',
        legalBasis: 'Art. 25(2)(8)',
        text: 'Нарушения нет.',
      }),
    );
    assert.deepEqual(await summary(refusedBlock.id), ['crm:block:open', 'crm:unblock:open']);
  });

  test('[TASKS] Art. 8(7): a WITHDRAW asks the systems to destroy what only the consent needed', async () => {
    const p = await person();
    const [newsletter] = await t.db.select().from(purposes).where(eq(purposes.code, 'newsletter'));
    await t.db.insert(dataItemPurposes).values({ dataItemId: p.item('email').id, purposeId: newsletter!.id });
    const [consent] = await t.db
      .insert(consents)
      .values({
        subjectId: p.subject.id,
        operatorName: { kk: 'a', ru: 'a', en: 'a' },
        operatorBin: '180340012346',
        subjectName: 'x',
        validFrom: new Date(Date.now() - 1e6),
        thirdPartyTransfer: false,
        crossBorderTransfer: false,
        publicSources: false,
        channel: 'portal',
        evidenceText: 'x',
        evidenceSha256: 'e'.repeat(64),
        givenAt: new Date(Date.now() - 1e6),
      })
      .returning();
    await t.db.insert(consentPurposes).values({ consentId: consent!.id, purposeId: newsletter!.id });
    const filed = await file(p.subject.id, { type: 'WITHDRAW', consentId: consent!.id });
    await execute(filed.id);
    assert.deepEqual(await summary(filed.id), ['crm:destroy:open']);
  });

  test('[TASKS] Art. 19-1: an upheld OBJECT_AUTO stops the processing in the systems; PUBLIC_REMOVE takes it down there', async () => {
    const p = await person();
    const [matching] = await t.db.select().from(purposes).where(eq(purposes.code, 'career_matching'));
    const [other] = await t.db.select().from(purposes).where(eq(purposes.code, 'certificates'));
    // Kept for another purpose: the system stops the objected one only.
    await t.db.insert(dataItemPurposes).values([
      { dataItemId: p.item('education').id, purposeId: matching!.id },
      { dataItemId: p.item('education').id, purposeId: other!.id },
    ]);
    const objection = await file(p.subject.id, { type: 'OBJECT_AUTO', purposeId: matching!.id, description: null });
    await execute(objection.id, 'Upheld.', 'uphold');
    const [stop] = await tasksOf(objection.id);
    assert.equal(`${stop!.code}:${stop!.action}`, 'crm:stop_processing');
    assert.equal(stop!.purposeId, matching!.id);
    assert.equal((await taskDetail(t.db, stop!.id))!.purposeCode, 'career_matching');

    const [showcase] = await t.db.select().from(purposes).where(eq(purposes.code, 'graduate_showcase'));
    const name = p.item('full_name');
    await t.db.insert(dataItemPurposes).values([
      { dataItemId: name.id, purposeId: showcase!.id },
      { dataItemId: name.id, purposeId: other!.id },
    ]);
    const removal = await file(p.subject.id, { type: 'PUBLIC_REMOVE', itemIds: [name.id], description: 'site' });
    await execute(removal.id, 'Removed.');
    assert.deepEqual(await summary(removal.id), ['crm:public_remove:open', 'hr:public_remove:open']);
  });

  test('[TASKS] a failed task sends the request back to staff with the reason; sent again, then done by hand, it completes', async () => {
    const p = await person();
    const filed = await rectify(p.subject.id, p.item('full_name').id, 'Айгерім');
    await execute(filed.id, 'Done.');
    const [crm, hr] = await tasksOf(filed.id);
    const crmToken = await systemCloser(t.db, 'crm');
    await assert.rejects(close(crmToken, crm!.id, 'failed', '  '), refused('reasonRequired'));
    await close(crmToken, crm!.id, 'failed', 'Record locked by another process');
    let request = await requestOf(filed.id);
    assert.equal(request.state, 'IN_PROGRESS');
    const [event] = await t.db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, filed.id), eq(requestEvents.toState, 'IN_PROGRESS')));
    assert.equal(event?.visibility, 'internal');
    assert.equal(event?.body, 'Record locked by another process');
    assert.equal((await eventsOf('task.failed', filed.id)).length, 1);
    // Executing it again would change the data twice: refused; so are a refusal and asking for information.
    await assert.rejects(execute(filed.id), refused('executing'));
    await assert.rejects(
      t.db.transaction(async (tx) =>
        requestInformation(tx, agent, { requestId: filed.id, version: request.version, body: 'x' }),
      ),
      refused('executing'),
    );

    await t.db.transaction((tx) => sendTaskAgain(tx, agent, { taskId: crm!.id }));
    const again = (await tasksOf(filed.id)).find((task) => task.id === crm!.id)!;
    assert.equal(again.state, 'open');
    assert.equal(again.attempt, 2);
    assert.equal(again.note, null);
    assert.equal((await eventsOf('task.created', filed.id)).length, 3, 'the system is told again');
    assert.equal((await requestOf(filed.id)).state, 'EXECUTING');

    await close(crmToken, crm!.id, 'failed', 'Still locked');
    assert.equal((await requestOf(filed.id)).state, 'IN_PROGRESS');
    await assert.rejects(
      t.db.transaction((tx) => markTaskDoneByHand(tx, agent, { taskId: crm!.id, note: ' ' })),
      refused('noteRequired'),
    );
    await t.db.transaction((tx) =>
      markTaskDoneByHand(tx, dpo, { taskId: crm!.id, note: 'Changed in the CRM by hand.' }),
    );
    assert.equal((await requestOf(filed.id)).state, 'EXECUTING', 'the HR task is still open');
    await close(staffCloser(agent), hr!.id, 'done');
    request = await requestOf(filed.id);
    assert.equal(request.state, 'COMPLETED');
    // A task still open (a system that cannot answer) may be done by hand too; its late answer changes nothing.
    const other = await rectify(p.subject.id, p.item('phone').id, '+7 700 999 00 00');
    await execute(other.id);
    const [open] = await tasksOf(other.id);
    await t.db.transaction((tx) =>
      markTaskDoneByHand(tx, agent, { taskId: open!.id, note: 'Done in the CRM by hand.' }),
    );
    assert.equal((await requestOf(other.id)).state, 'COMPLETED');
    assert.equal((await close(crmToken, open!.id, 'done', 'late')).note, 'Done in the CRM by hand.');
    await assert.rejects(
      t.db.transaction((tx) => sendTaskAgain(tx, agent, { taskId: open!.id, requestId: filed.id })),
      refused('notFound'),
      "a task of another request than the page's",
    );
    const handDone = (await tasksOf(filed.id)).find((task) => task.id === crm!.id)!;
    assert.equal(handDone.closedById, dpo.id);
    assert.equal(handDone.note, 'Changed in the CRM by hand.');
  });

  test("[TASKS] a system's token closes only its own system's tasks; closing again the same way changes nothing", async () => {
    const p = await person();
    const filed = await rectify(p.subject.id, p.item('full_name').id, 'Дана');
    await execute(filed.id);
    const [crm, hr] = await tasksOf(filed.id);
    const crmToken = await systemCloser(t.db, 'crm');
    await assert.rejects(close(crmToken, hr!.id, 'done'), refused('notFound'), "another system's task");
    await assert.rejects(close(crmToken, 'not-a-uuid', 'done'), refused('notFound'));
    await assert.rejects(close(crmToken, crypto.randomUUID(), 'done'), refused('notFound'));
    const first = await close(crmToken, crm!.id, 'done', 'ok');
    const second = await close(crmToken, crm!.id, 'done', 'ok again');
    assert.equal(second.state, 'done');
    assert.equal(second.note, 'ok', 'the first answer stands');
    assert.deepEqual(second.closedAt, first.closedAt);
    assert.equal((await eventsOf('task.done', filed.id)).length, 1, 'done once');
    await assert.rejects(close(crmToken, crm!.id, 'failed', 'no'), refused('taskClosed'));
    await assert.rejects(
      close(staffCloser({ id: agent.id, role: 'auditor' as never }), hr!.id, 'done'),
      refused('forbidden'),
    );
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, filed.id), eq(auditEvents.actorRole, 'api')));
    assert.equal(audit?.actorId, crmToken.tokenId, "the system's answer is in the subject's activity, by its token");
  });

  test("[TASKS] a system's list: its own tasks by state, in keyset pages", async () => {
    const [crm] = await t.db.select().from(systems).where(eq(systems.code, 'crm'));
    const p = await person();
    for (const value of ['+7 700 000 00 01', '+7 700 000 00 02', '+7 700 000 00 03']) {
      const filed = await rectify(p.subject.id, p.item('phone').id, value);
      await execute(filed.id);
    }
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listTasksForSystem>> = await listTasksForSystem(t.db, crm!.id, {
        state: 'open',
        cursor,
        limit: 2,
      });
      assert.ok(page.tasks.length <= 2);
      for (const task of page.tasks) assert.equal(task.systemCode, 'crm');
      all.push(...page.tasks.map((task) => task.id));
      cursor = page.next;
    } while (cursor);
    const open = await t.db
      .select({ id: executionTasks.id })
      .from(executionTasks)
      .where(and(eq(executionTasks.systemId, crm!.id), eq(executionTasks.state, 'open')));
    assert.deepEqual(all.sort(), open.map((o) => o.id).sort());
    assert.equal(new Set(all).size, all.length);
    await assert.rejects(listTasksForSystem(t.db, crm!.id, { cursor: 'garbage', limit: 5 }), refused('invalidCursor'));
  });

  test("[TASKS] the back office's list: open and failed tasks, the staff member's first, in keyset pages that repeat and lose none", async () => {
    for (const employer of ['ТОО «Бір»', 'ТОО «Екі»', 'ТОО «Үш»', 'ТОО «Төрт»']) {
      const p = await person();
      await execute((await rectify(p.subject.id, p.item('employer').id, employer)).id);
    }
    // One of them is someone else's: it comes after the agent's own.
    const [someone] = await t.db
      .select({ id: executionTasks.id })
      .from(executionTasks)
      .where(eq(executionTasks.assigneeId, agent.id))
      .limit(1);
    await t.db.update(executionTasks).set({ assigneeId: dpo.id }).where(eq(executionTasks.id, someone!.id));
    const whole = await listStaffTasks(t.db, agent.id, { limit: 1000 });
    assert.ok(whole.total >= 4);
    assert.equal(whole.tasks.length, whole.total);
    const firstOther = whole.tasks.findIndex((task) => task.assigneeId !== agent.id);
    assert.ok(
      whole.tasks.slice(firstOther).every((task) => task.assigneeId !== agent.id),
      'mine first',
    );
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listStaffTasks>> = await listStaffTasks(t.db, agent.id, {
        after,
        limit: 2,
      });
      assert.ok(page.tasks.length <= 2);
      assert.equal(page.total, whole.total);
      paged.push(...page.tasks.map((task) => task.id));
      after = page.next;
    } while (after);
    assert.deepEqual(
      paged,
      whole.tasks.map((task) => task.id),
    );
    // A cursor the list did not write is the first page, not an error page.
    const garbage = await listStaffTasks(t.db, agent.id, { after: 'garbage', limit: 2 });
    assert.deepEqual(
      garbage.tasks.map((task) => task.id),
      paged.slice(0, 2),
    );
  });

  test('[TASKS] Art. 8-2: the HR responsible sees the new value only on the task page, and the subject sees that it was read', async () => {
    const p = await person();
    const filed = await rectify(p.subject.id, p.item('employer').id, 'ТОО «Алма»');
    await execute(filed.id);
    const [hr] = await tasksOf(filed.id);
    const mine = await listStaffTasks(t.db, agent.id);
    assert.equal(mine.tasks[0]!.assigneeId, agent.id, 'mine first');
    assert.ok(mine.tasks.some((task) => task.id === hr!.id));
    assert.doesNotMatch(JSON.stringify(mine), /Алма/);
    const shown = await t.db.transaction((tx) => openTaskValues(tx, agent, hr!.id));
    assert.equal(shown.items[0]?.value, 'ТОО «Алма»');
    const [viewed] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, hr!.id), eq(auditEvents.action, 'data_viewed')));
    assert.equal(viewed?.subjectId, p.subject.id);
    // A system reached by API gets its values in its webhook, not on a person's screen.
    const other = await rectify(p.subject.id, p.item('phone').id, '+7 700 555 00 00');
    await execute(other.id);
    const [crm] = await tasksOf(other.id);
    await assert.rejects(
      t.db.transaction((tx) => openTaskValues(tx, agent, crm!.id)),
      refused('notFound'),
    );
    const progress = await findSubjectExecution(t.db, filed.id, { withNames: false });
    assert.deepEqual(progress, { done: 0, total: 1, systems: null });
  });

  test('[TASKS] a system that stops holding a category is not asked about it', async () => {
    const p = await person();
    const [hr] = await t.db.select().from(systems).where(eq(systems.code, 'hr'));
    const [employer] = await t.db.select().from(dataCategories).where(eq(dataCategories.code, 'employer'));
    await t.db
      .delete(systemCategories)
      .where(and(eq(systemCategories.systemId, hr!.id), eq(systemCategories.categoryId, employer!.id)));
    try {
      const filed = await rectify(p.subject.id, p.item('employer').id, 'x');
      await execute(filed.id);
      assert.equal((await requestOf(filed.id)).state, 'COMPLETED');
    } finally {
      await t.db.insert(systemCategories).values({ systemId: hr!.id, categoryId: employer!.id });
    }
  });

  test("[TASKS] Art. 25(2)(8): the deadline is the subject's for every task: an executing request past it is overdue", async () => {
    const p = await person();
    const filed = await rectify(p.subject.id, p.item('employer').id, 'ТОО «Дала»');
    await execute(filed.id);
    assert.equal((await requestOf(filed.id)).state, 'EXECUTING');
    const now = new Date();
    const today = { now, day: now.toISOString().slice(0, 10), endOfToday: new Date(now.getTime() + 3_600_000) };
    const before = await countRequests(t.db, today);
    await t.db
      .update(requests)
      .set({ registeredAt: new Date(now.getTime() - 10 * 86_400_000), dueAt: new Date(now.getTime() - 60_000) })
      .where(eq(requests.id, filed.id));
    const afterCounts = await countRequests(t.db, today);
    assert.equal(afterCounts.overdue, before.overdue + 1, 'counted overdue on the landing page and dashboard');
    const overdue = await findQueuePage(
      t.db,
      { type: null, state: 'open', assignee: null, overdue: true, dueToday: false, q: '', sort: 'due' },
      { staffId: agent.id, today, limit: 500 },
    );
    assert.ok(
      overdue.rows.some((row) => row.id === filed.id),
      "the queue's overdue filter shows it",
    );
    const executing = await findQueuePage(
      t.db,
      { type: null, state: 'EXECUTING', assignee: null, overdue: false, dueToday: false, q: '', sort: 'due' },
      { staffId: agent.id, today, limit: 500 },
    );
    assert.ok(executing.rows.some((row) => row.id === filed.id));
  });
});
