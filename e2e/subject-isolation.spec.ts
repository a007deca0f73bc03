import { eq } from 'drizzle-orm';
import { consents } from '@/db/schema/consents';
import { attachments, requests } from '@/db/schema/requests';
import { createSubject, db, expect, messages, signInAsSubject, test } from './fixtures';

/** [ISOLATION] Every subject page, action and download with another subject's ids gives nothing. */
test.describe("[ISOLATION] nobody else's data", () => {
  test("[ISOLATION] another subject's request, document and consent receipt are 404", async ({ page, browser }) => {
    const owner = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    const ownerPage = await browser.newPage();
    await signInAsSubject(ownerPage, owner);
    await ownerPage.goto('/en/me/requests/new/rectify');
    await ownerPage.getByRole('checkbox', { name: /^Phone numbers/ }).check();
    await ownerPage.getByLabel(`${messages.en.requests.form.newValue} — Phone numbers`).fill('+7 701 222 33 44');
    await ownerPage
      .getByLabel(messages.en.requests.form.files)
      .setInputFiles({ name: 'id.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 test') });
    await ownerPage.getByRole('button', { name: messages.en.requests.form.submit }).click();
    await expect(ownerPage).toHaveURL(/filed=1/);
    await ownerPage.close();
    const [request] = await db.select().from(requests).where(eq(requests.subjectId, owner.id));
    const [attachment] = await db.select().from(attachments).where(eq(attachments.requestId, request!.id));
    const [consent] = await db.select().from(consents).where(eq(consents.subjectId, owner.id));

    await signInAsSubject(page, await createSubject());
    for (const path of [
      `/en/me/requests/${request!.id}`,
      `/en/me/requests/${request!.id}/attachments/${attachment!.id}`,
      `/en/me/consents/${consent!.id}/receipt`,
      '/en/me/requests/not-a-uuid',
    ]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(404);
    }
    await page.goto(`/en/me/requests/${request!.id}`);
    await expect(page.getByRole('heading', { name: messages.en.errors.notFoundTitle })).toBeVisible();
    await expect(page.getByText('+7 701 222 33 44')).toHaveCount(0);
  });

  test("[ISOLATION] a withdrawal form sent with another subject's consent id withdraws nothing", async ({ page }) => {
    const owner = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    const [consent] = await db.select().from(consents).where(eq(consents.subjectId, owner.id));
    const attacker = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    await signInAsSubject(page, attacker);
    await page.goto('/en/me/consents');
    await page.getByText(messages.en.consents.withdraw).first().click();
    await page
      .locator('input[name=consentId]')
      .first()
      .evaluate((input, id) => ((input as HTMLInputElement).value = id), consent!.id);
    await page.getByRole('button', { name: messages.en.consents.withdrawConfirm }).first().click();
    await expect(page.getByRole('alert').filter({ hasText: messages.en.consents.errors.notFound })).toBeVisible();
    expect(await db.select().from(requests).where(eq(requests.subjectId, owner.id))).toHaveLength(0);
    expect(await db.select().from(requests).where(eq(requests.subjectId, attacker.id))).toHaveLength(0);
  });

  test('[ISOLATION] an anonymous visitor is sent to sign in from every subject page and download', async ({ page }) => {
    for (const path of [
      '/en/me',
      '/en/me/consents',
      '/en/me/requests',
      '/en/me/requests/new/access',
      '/en/me/activity',
      '/en/me/export/pdf',
    ]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers().location, path).toContain('/en/sign-in?next=');
    }
  });
});
