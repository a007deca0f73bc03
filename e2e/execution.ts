import type { Page } from '@playwright/test';
import { expect, messages } from './fixtures';

/**
 * Art. 25(2)(8): a request executed in the portal waits for the operator's systems that hold the
 * data (the demo CRM holds names, e-mails, phones and education; the HR system names). Here staff
 * mark each system's part done by hand on the request page, with a note, as they do when a system
 * cannot answer; then the request is completed. (A system reached by API closes its task through
 * POST /api/v1/tasks/{id}/done; tasks.spec.ts follows a person's task on the task page.)
 */
export async function carryOutByHand(page: Page, locale: 'kk' | 'ru' | 'en' = 'en') {
  const b = messages[locale].backoffice.request;
  await expect(page.getByText(b.errors.executing)).toBeVisible();
  const region = page.getByRole('region', { name: b.tasksTitle });
  const buttons = region.getByRole('button', { name: b.markByHand });
  let left = await buttons.count();
  expect(left, 'a system holding the data has a task').toBeGreaterThan(0);
  while (left > 0) {
    await region.getByLabel(b.handNote).first().fill('Done in the system by hand.');
    await buttons.first().click();
    // A system reached by API (the example receiver, while webhooks.spec.ts runs) may close its own
    // task meanwhile: at least the one marked here goes.
    await expect.poll(() => buttons.count()).toBeLessThan(left);
    left = await buttons.count();
  }
  await page.reload();
  await expect(page.getByText(b.closed)).toBeVisible();
}
