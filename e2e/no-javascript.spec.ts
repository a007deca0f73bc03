import { eq } from 'drizzle-orm';
import { requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { createSubject, db, expect, messages, signInByEmail, test } from './fixtures';

/**
 * Every form a subject has works with JavaScript turned off (issue 15): the `no-js` project of
 * playwright.config.ts runs this file with javaScriptEnabled: false. Each form posts to its server
 * action and the page comes back with the answer; the confirm step before cancelling is a
 * <details>. Nothing here may wait for hydration: there is none.
 */
const pdf = {
  name: 'diploma-scan.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
};
const t = messages.en;
const en = t.requests;
type Page = import('@playwright/test').Page;

async function openForm(page: Page, title: string) {
  await page.goto('/en/me/requests/new');
  await page.getByRole('link', { name: new RegExp(`^${title.replace(/[()/]/g, '.')}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** The request page after filing: registered, with its reference; returns the request's id. */
async function expectFiled(page: Page, title: string): Promise<string> {
  await expect(page).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}\?filed=1$/);
  await expect(page.getByRole('status')).toContainText(/20\d\d-\d{6}/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(page.getByRole('definition').getByText(t.requestState.REGISTERED, { exact: true })).toBeVisible();
  return /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

test.describe('[NO-JS] every subject form works with JavaScript turned off', () => {
  test('[NO-JS] Art. 24: a subject files, follows and cancels a request with JavaScript off', async ({ page }) => {
    const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    await signInByEmail(page, subject.email);
    await expect(page.getByRole('heading', { name: t.me.title })).toBeVisible();

    // RECTIFY, with a field and a document.
    await openForm(page, en.types.RECTIFY.title);
    await page.getByRole('checkbox', { name: /^Phone numbers/ }).check();
    await page.getByLabel(`${en.form.newValue} — Phone numbers`).fill('+7 777 123 45 67');
    await page.getByLabel(en.form.files).setInputFiles(pdf);
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.RECTIFY.title);
    await expect(page.getByText('+7 777 123 45 67')).toBeVisible();
    await expect(page.getByRole('link', { name: pdf.name })).toBeVisible();

    // WITHDRAW, choosing the consent.
    await openForm(page, en.types.WITHDRAW.title);
    await page.getByRole('radio', { name: /News about new courses/ }).check();
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.WITHDRAW.title);

    // ACCESS: filed, followed from My requests, written about, cancelled.
    await openForm(page, en.types.ACCESS.title);
    await page.getByRole('button', { name: en.form.submit }).click();
    const id = await expectFiled(page, en.types.ACCESS.title);
    const [filed] = await db.select().from(requests).where(eq(requests.id, id));
    await page.goto('/en/me/requests');
    await page.getByRole('link', { name: new RegExp(filed!.reference) }).click();
    await expect(page.getByRole('heading', { name: en.detail.timeline })).toBeVisible();
    await expect(page.getByText(en.events.filed).first()).toBeVisible();

    await page.getByLabel(en.detail.reply).fill('Please send the answer by e-mail.');
    await page.getByRole('button', { name: en.detail.send }).click();
    await expect(page.getByText(en.detail.sent)).toBeVisible();
    await expect(page.getByText('Please send the answer by e-mail.')).toBeVisible();

    // The confirm step is a <details>: its summary asks, "Yes" cancels.
    await page.locator('summary', { hasText: en.detail.cancel }).click();
    await expect(page.getByText(en.detail.cancelQuestion)).toBeVisible();
    await page.getByRole('button', { name: en.detail.cancelConfirm }).click();
    await expect(page.getByRole('definition').getByText(t.requestState.WITHDRAWN, { exact: true })).toBeVisible();
    await expect(page.getByText(en.events.cancelled)).toBeVisible();
  });

  test('[NO-JS] Art. 24: a wrong form comes back with its localized message after the round trip', async ({ page }) => {
    const subject = await createSubject();
    await signInByEmail(page, subject.email);
    await openForm(page, en.types.RECTIFY.title);
    await page.getByRole('checkbox', { name: /^Phone numbers/ }).check();
    await page.getByRole('button', { name: en.form.submit }).click();
    await expect(page.getByText(en.errors.newValue)).toBeVisible();
    expect(await db.select().from(requests).where(eq(requests.subjectId, subject.id))).toHaveLength(0);
  });

  test('[NO-JS] Art. 8: a subject withdraws a consent and chooses the language of their e-mails with JavaScript off', async ({
    page,
  }) => {
    const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    await signInByEmail(page, subject.email);

    await page.goto('/en/me/consents');
    await page.locator('summary', { hasText: t.consents.withdraw }).click();
    await page.getByRole('button', { name: t.consents.withdrawConfirm }).click();
    await expectFiled(page, en.types.WITHDRAW.title);

    await page.goto('/en/me/account');
    await page.getByLabel(t.myAccount.language).selectOption('ru');
    await page.getByRole('button', { name: t.myAccount.save }).click();
    await expect(page.getByText(t.myAccount.saved)).toBeVisible();
    await expect(page.getByText('Current language: Russian')).toBeVisible();
    const [row] = await db.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.id, subject.id));
    expect(row!.locale).toBe('ru');

    // Activity e-mails (Art. 8-2): one press turns them the other way.
    await page.goto('/en/me/activity');
    const toggle = page.getByRole('button', { name: new RegExp(`^(${t.activity.turnOn}|${t.activity.turnOff})$`) });
    const before = await toggle.innerText();
    await toggle.click();
    await expect(page.getByText(t.activity.saved)).toBeVisible();
    await expect(
      page.getByRole('button', { name: before === t.activity.turnOn ? t.activity.turnOff : t.activity.turnOn }),
    ).toBeVisible();
  });
});
