import { eq } from 'drizzle-orm';
import { executionTasks } from '@/db/schema/integrations';
import { dataCategories, systems } from '@/db/schema/inventory';
import { operatorProfile } from '@/db/schema/operator';
import { requests } from '@/db/schema/requests';
import { operatorProfileChanged } from '@/lib/operator-profile/cache';
import {
  createStaff,
  createSubject,
  db,
  expect,
  formatMessage,
  locales,
  messages,
  signInAs,
  signInAsSubject,
  test,
} from './fixtures';

/**
 * [TASKS] Art. 25(2)(8), issue 13 point 3, through the pages: an agent executes a correction; the
 * CRM's part is marked done by hand on the request page (a system reached by API closes its task
 * through the API: e2e/api specs); the HR system's responsible person sees the new value on the
 * task page and closes the task; the subject sees the request carried out in every system.
 */

async function system(code: 'crm' | 'hr') {
  const [row] = await db.select().from(systems).where(eq(systems.code, code));
  return row!;
}
const hr = () => system('hr');

// One test turns the operator's "show system names" on and off; the others read what the subject
// sees. In one worker, in order, they never see each other's setting.
test.describe.configure({ mode: 'serial' });

for (const locale of locales) {
  test(`[TASKS] Art. 25(2)(8): a correction is completed when the HR system's responsible has carried it out too (${locale})`, async ({
    page,
    browser,
  }) => {
    test.slow();
    const m = messages[locale];
    const [fullName] = await db.select().from(dataCategories).where(eq(dataCategories.code, 'full_name'));
    const category = fullName!.name[locale];
    const newName = `Төлеуова Әсел ${locale.toUpperCase()}`;

    // The subject asks for their name to be corrected.
    const subject = await createSubject({ locale });
    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    await subjectPage.goto(`/${locale}/me/requests/new/rectify`);
    await subjectPage.getByRole('checkbox', { name: new RegExp(`^${category}`) }).check();
    await subjectPage.getByLabel(`${m.requests.form.newValue} — ${category}`).fill(newName);
    await subjectPage.getByRole('button', { name: m.requests.form.submit }).click();
    await expect(subjectPage).toHaveURL(/filed=1/);
    const id = /requests\/([0-9a-f-]{36})/.exec(subjectPage.url())![1]!;
    const [request] = await db.select().from(requests).where(eq(requests.id, id));

    // An agent executes it: the portal's copy changes, and the request waits for the systems.
    await signInAs(page, (await createStaff('agent')).id);
    await page.goto(`/${locale}/admin/requests/${id}`);
    await page.getByRole('button', { name: m.backoffice.request.execute }).click();
    await expect(page.getByText(m.backoffice.request.errors.executing)).toBeVisible();
    const tasks = page.getByRole('region', { name: m.backoffice.request.tasksTitle });
    await expect(
      tasks.getByText(formatMessage(m.backoffice.request.executedIn, locale, { done: 0, total: 2 })),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: m.backoffice.request.execute })).toHaveCount(0);

    // The CRM's part, done there by a person today: marked done by hand, with a note.
    const crm = tasks
      .locator('div')
      .filter({ has: page.getByRole('heading', { name: (await system('crm')).name[locale] }) });
    await crm.getByLabel(m.backoffice.request.handNote).fill('Changed in the CRM by hand.');
    await crm.getByRole('button', { name: m.backoffice.request.markByHand }).click();
    await expect(
      tasks.getByText(formatMessage(m.backoffice.request.executedIn, locale, { done: 1, total: 2 })),
    ).toBeVisible();
    await page.goto(`/${locale}/admin/requests?q=${request!.reference}`);
    await expect(
      page.getByText(formatMessage(m.backoffice.queue.executedIn, locale, { done: 1, total: 2 })),
    ).toBeVisible();

    // The HR system's responsible person finds the task, sees the new value there only, and closes it.
    const responsible = await browser.newPage();
    await signInAs(responsible, (await hr()).responsibleId!);
    await responsible.goto(`/${locale}/admin/tasks`);
    const row = responsible.getByRole('row').filter({ hasText: request!.reference });
    // Their own tasks come first, by due time: after a whole run's tests, it may be on a later page.
    const next = responsible.getByRole('link', { name: m.backoffice.tasks.next });
    while ((await row.count()) === 0 && (await next.count()) > 0) {
      const shown = responsible.url();
      await next.click();
      await expect(responsible).not.toHaveURL(shown);
    }
    await expect(row).toContainText(m.taskAction.rectify);
    await expect(row).not.toContainText(newName);
    await row.getByRole('link', { name: m.taskAction.rectify }).click();
    await expect(responsible.getByRole('heading', { level: 1 })).toContainText(m.taskAction.rectify);
    await expect(responsible.getByRole('cell', { name: newName })).toBeVisible();
    await responsible.getByLabel(m.backoffice.tasks.note).fill('Changed in the HR system.');
    await responsible.getByRole('button', { name: m.backoffice.tasks.markDone }).click();
    // Closed: the page shows when, with the note, and no form to close it again.
    await expect(responsible.getByText('Changed in the HR system.')).toBeVisible();
    await expect(responsible.getByRole('button', { name: m.backoffice.tasks.markDone })).toHaveCount(0);
    await responsible.close();

    // The subject: completed, carried out in every system, and the reading of their data in the activity.
    await subjectPage.goto(`/${locale}/me/requests/${id}`);
    await expect(
      subjectPage.getByRole('definition').getByText(m.requestState.COMPLETED, { exact: true }),
    ).toBeVisible();
    await expect(
      subjectPage.getByText(formatMessage(m.requests.detail.executedIn, locale, { done: 2, total: 2 })),
    ).toBeVisible();
    // The operator keeps its systems' names to itself unless its profile says otherwise.
    await expect(subjectPage.locator('main')).not.toContainText((await hr()).name[locale]);
    await subjectPage.goto(`/${locale}/me/activity`);
    await expect(subjectPage.getByText(m.activity.actions.data_viewed).first()).toBeVisible();
    await subjectPage.close();
  });
}

test('[TASKS] a failed task goes back to staff with the reason; sent again, the system is asked again', async ({
  page,
}) => {
  const m = messages.en;
  const subject = await createSubject({ locale: 'en' });
  const [request] = await db
    .insert(requests)
    .values({
      reference: `2099-${String(Date.now()).slice(-6)}`,
      subjectId: subject.id,
      type: 'DESTROY',
      state: 'IN_PROGRESS',
      deadlineFrom: new Date(),
      deadlineWorkingDays: 10,
      dueAt: new Date(Date.now() + 10 * 86_400_000),
      originalDueAt: new Date(Date.now() + 10 * 86_400_000),
    })
    .returning();
  // As the HR system's failure left it (lib/tasks, unit-tested there): the task failed with its
  // reason, the request back with staff. Not the CRM's: while webhooks.spec.ts runs in the other
  // worker, its receiver closes every CRM task it is sent.
  const [task] = await db
    .insert(executionTasks)
    .values({
      requestId: request!.id,
      systemId: (await hr()).id,
      action: 'destroy',
      state: 'failed',
      note: 'Record is on legal hold',
      closedAt: new Date(),
    })
    .returning();

  await signInAs(page, (await createStaff('agent')).id);
  await page.goto(`/en/admin/requests/${request!.id}`);
  const tasks = page.getByRole('region', { name: m.backoffice.request.tasksTitle });
  await expect(tasks.getByText('Record is on legal hold').first()).toBeVisible();
  await tasks.getByRole('button', { name: m.backoffice.request.sendAgain }).click();
  // Open again: the reason is gone with the failure, and nothing is left to send again.
  await expect(tasks.getByRole('button', { name: m.backoffice.request.sendAgain })).toHaveCount(0);
  await expect(tasks.getByText(m.taskState.open, { exact: false }).first()).toBeVisible();
  const [again] = await db.select().from(executionTasks).where(eq(executionTasks.id, task!.id));
  expect([again!.state, again!.attempt]).toEqual(['open', 2]);
  expect((await db.select().from(requests).where(eq(requests.id, request!.id)))[0]!.state).toBe('EXECUTING');
});

test('[TASKS] the operator may name its systems to the subject (operator profile)', async ({ page }) => {
  const subject = await createSubject({ locale: 'ru' });
  const [request] = await db
    .insert(requests)
    .values({
      reference: `2098-${String(Date.now()).slice(-6)}`,
      subjectId: subject.id,
      type: 'DESTROY',
      state: 'EXECUTING',
      deadlineFrom: new Date(),
      deadlineWorkingDays: 10,
      dueAt: new Date(Date.now() + 10 * 86_400_000),
      originalDueAt: new Date(Date.now() + 10 * 86_400_000),
    })
    .returning();
  const system = await hr();
  await db.insert(executionTasks).values({ requestId: request!.id, systemId: system.id, action: 'destroy' });
  // The portal keeps the profile between requests: a direct write announces itself, as the admin's save does.
  await db.update(operatorProfile).set({ showSystemNamesToSubjects: true });
  await operatorProfileChanged(db);
  try {
    await signInAsSubject(page, subject);
    await page.goto(`/ru/me/requests/${request!.id}`);
    await expect(page.getByText(`${system.name.ru}: ${messages.ru.requests.detail.systemPending}`)).toBeVisible();
  } finally {
    await db.update(operatorProfile).set({ showSystemNamesToSubjects: false });
    await operatorProfileChanged(db);
  }
});
