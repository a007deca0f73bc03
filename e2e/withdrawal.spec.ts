import { and, eq } from 'drizzle-orm';
import { requests } from '@/db/schema/requests';
import { carryOutByHand } from './execution';
import { createStaff, createSubject, db, expect, locales, messages, signInAs, signInAsSubject, test } from './fixtures';

/**
 * Issue 11, points 2 and 7, through the pages: the subject withdraws a consent, staff execute the
 * request, and the subject's consents page and My data show the processing stopped; a destroyed
 * value is gone from the request page, even from the subject's own words.
 */
const b = messages.en.backoffice.request;

/** The longest run of a message's own words between its arguments: what a page shows whatever the date. */
const before = (message: string) =>
  message
    .split(/\{[^}]*\}/)
    .map((part) => part.trim())
    .sort((a, b) => b.length - a.length)[0]!;

async function executeAsStaff(page: import('@playwright/test').Page, requestId: string) {
  await signInAs(page, (await createStaff('agent')).id);
  await page.goto(`/en/admin/requests/${requestId}`);
  await page.getByRole('button', { name: b.take }).click();
  await expect(page.getByText(messages.en.requestState.IN_PROGRESS).first()).toBeVisible();
  await page.getByRole('button', { name: b.execute }).click();
  // Art. 25(2)(8): the demo's systems hold the data too; done when they have carried it out.
  await carryOutByHand(page);
}

async function openRequest(subjectId: string, type: 'WITHDRAW' | 'DESTROY') {
  const [request] = await db
    .select()
    .from(requests)
    .where(and(eq(requests.subjectId, subjectId), eq(requests.type, type)));
  return request!;
}

for (const locale of locales) {
  test(`[WITHDRAW] Art. 8(7): the consent withdrawn, the consents page and My data show the processing stopped (${locale})`, async ({
    page,
    browser,
  }) => {
    // Two people, four pages, a server-side execution: more than the default time on a shared machine.
    test.slow();
    const m = messages[locale];
    const subject = await createSubject({
      locale,
      purposes: ['newsletter', 'certificates'],
      consents: [{ purpose: 'newsletter' }],
    });
    await signInAsSubject(page, subject);
    await page.goto(`/${locale}/me/consents`);
    await page.getByText(m.consents.withdraw, { exact: true }).click();
    await page.getByRole('button', { name: m.consents.withdrawConfirm }).click();
    // Withdrawing files a WITHDRAW request and opens it.
    await expect(page).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}/);
    await page.goto(`/${locale}/me/consents`);
    await expect(page.getByText(before(m.consents.pending))).toBeVisible();

    const staff = await browser.newPage();
    await executeAsStaff(staff, (await openRequest(subject.id, 'WITHDRAW')).id);
    await staff.close();

    await page.goto(`/${locale}/me/consents`);
    const newsletter = m === messages.en ? 'News about new courses' : undefined;
    const result = page.getByRole('status').filter({ hasText: before(m.consents.withdrawnResult) });
    await expect(result).toBeVisible();
    if (newsletter) await expect(result).toContainText(newsletter);
    await expect(page.getByText(m.consents.states.withdrawn, { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: m.consents.withdrawConfirm })).toHaveCount(0);

    await page.goto(`/${locale}/me`);
    // The e-mail address served only the newsletter, whose policy is to destroy: a tombstone, not counted.
    await expect(page.getByText(before(m.me.destroyedValue)).first()).toBeVisible();
    // The name is kept for the certificate register (Art. 9), with the newsletter shown as stopped.
    await expect(page.getByText(m.me.purposeStopped, { exact: true }).first()).toBeAttached();
    await expect(page.getByText(before(m.me.consentWithdrawn)).first()).toBeAttached();
  });
}

test("[DESTROY] Art. 1(6): the destroyed value is gone from the request page, even from the subject's own words (ru)", async ({
  page,
  browser,
}) => {
  const m = messages.ru;
  const subject = await createSubject({ locale: 'ru' });
  await signInAsSubject(page, subject);
  await page.goto('/ru/me/requests/new/destroy');
  await page.getByRole('checkbox', { name: /^Номера телефонов/ }).check();
  await page
    .getByLabel(m.requests.form.reason)
    .fill('Уничтожьте мой номер 8 (701) 000-00-00, я им больше не пользуюсь.');
  await page.getByRole('button', { name: m.requests.form.submit }).click();
  await expect(page).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}\?filed=1$/);
  await expect(page.getByText('8 (701) 000-00-00')).toBeVisible();

  const staff = await browser.newPage();
  const request = await openRequest(subject.id, 'DESTROY');
  await executeAsStaff(staff, request.id);
  await expect(staff.getByText('000-00-00')).toHaveCount(0);
  await staff.close();

  await page.goto(`/ru/me/requests/${request.id}`);
  await expect(
    page.getByText(`Уничтожьте мой номер ${m.requests.destroyedMarker}, я им больше не пользуюсь.`),
  ).toBeVisible();
  await expect(page.locator('body')).not.toContainText(/000[\s-]*00[\s-]*00/);
});
