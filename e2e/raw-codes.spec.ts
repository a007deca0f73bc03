import { desc, eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { incidents } from '@/db/schema/compliance';
import { executionTasks } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { requests } from '@/db/schema/requests';
import { createStaff, createSubject, db, expect, signInAs, signInAsSubject, test } from './fixtures';
import { rawCodes } from './raw-codes';

/**
 * [LANGUAGE] Issue 11 point 12: no page prints a stored code (a state, a type, a role, a language)
 * where a person reads words. Every page a subject and the back office open, in Kazakh and Russian.
 */
const staffNames = async () =>
  (await db.select({ name: users.name }).from(users)).flatMap((u) => (u.name ? [u.name] : []));

async function expectNoCodes(page: import('@playwright/test').Page, paths: string[]) {
  const found: string[] = [];
  for (const locale of ['kk', 'ru'] as const) {
    for (const path of paths) {
      const response = await page.goto(`/${locale}${path}`);
      expect(response?.status(), `${locale}${path}`).toBe(200);
      // <code> holds what a person types as it is (an import file's column names), not words; a
      // part marked lang="en" is English on purpose (the API reference, as its OpenAPI document says it).
      const text = await page.getByRole('main').evaluate((main: HTMLElement) => {
        for (const code of main.querySelectorAll('code, [lang="en"]')) code.textContent = '';
        return main.innerText;
      });
      const codes = rawCodes(text, await staffNames());
      if (codes.length) found.push(`/${locale}${path}: ${codes.join(', ')}`);
    }
  }
  expect(found).toEqual([]);
}

test.describe('[LANGUAGE] pages print messages, not codes', () => {
  test('[LANGUAGE] no raw enum value on the subject pages or the privacy notice', async ({ page }) => {
    // 27 pages (nine in three languages), one after another.
    test.setTimeout(90_000);
    const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    await signInAsSubject(page, subject);
    await expectNoCodes(page, [
      '/me',
      '/me/consents',
      '/me/requests',
      '/me/requests/new',
      '/me/activity',
      '/me/account',
      '/me/representation',
      '/privacy',
      '/privacy/versions',
    ]);
  });

  test('[LANGUAGE] no raw enum value in the back office', async ({ page }) => {
    test.setTimeout(120_000);
    const [request] = await db.select({ id: requests.id }).from(requests).orderBy(desc(requests.registeredAt)).limit(1);
    const [incident] = await db.select({ id: incidents.id }).from(incidents).limit(1);
    // The demo's HR task (a system reached by a person), on the agent's and the dpo's task pages.
    const [task] = await db
      .select({ id: executionTasks.id })
      .from(executionTasks)
      .innerJoin(systems, eq(systems.id, executionTasks.systemId))
      .where(eq(systems.execution, 'manual'))
      .limit(1);
    const dpo = await createStaff('dpo');
    await signInAs(page, dpo.id);
    await expectNoCodes(page, [
      '/admin/dashboard',
      '/admin/requests',
      ...(request ? [`/admin/requests/${request.id}`] : []),
      '/admin/requests/new',
      '/admin/letters',
      '/admin/transfers',
      '/admin/incidents',
      ...(incident ? [`/admin/incidents/${incident.id}`] : []),
      '/admin/retention',
      '/admin/calendar',
      '/admin/policies',
      '/admin/audit',
      '/admin/account',
      '/admin/tasks',
      ...(task ? [`/admin/tasks/${task.id}`] : []),
    ]);
    const admin = await createStaff('admin');
    await signInAs(page, admin.id);
    await expectNoCodes(page, ['/admin/staff', '/admin/operator', '/admin/import', '/admin/api']);
  });
});
