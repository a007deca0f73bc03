import { and, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { attachments, requestEvents, requests } from '@/db/schema/requests';
import { createStaff, createSubject, db, expect, locales, messages, signInAs, signInAsSubject, test } from './fixtures';

/**
 * Issue 14, points 1 and 4: a form that succeeded is cleared (or the page moves on) and cannot be
 * sent twice; its message is said, and focus goes to it, even when the form itself is gone; a
 * request is cancelled only once the person confirms; a consent withdrawn opens its request on the
 * same "registered" notice as the request forms.
 */
const en = messages.en;
const pdf = {
  name: 'diploma.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
};

/** Files an ACCESS request as the signed-in subject and gives its id. */
async function fileAccess(page: Page, locale: 'kk' | 'ru' | 'en' = 'en') {
  await page.goto(`/${locale}/me/requests/new/access`);
  await page.getByRole('button', { name: messages[locale].requests.form.submit }).click();
  await expect(page).toHaveURL(/filed=1/);
  return /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

const messagesOf = (requestId: string) =>
  db
    .select({ id: requestEvents.id })
    .from(requestEvents)
    .where(and(eq(requestEvents.requestId, requestId), eq(requestEvents.kind, 'message')));

test.describe('[FORMS] a form that succeeded is cleared and cannot be sent twice', () => {
  test('[FORMS] a message sent on a request is cleared, and Send pressed again posts nothing twice', async ({
    page,
  }) => {
    await signInAsSubject(page, await createSubject());
    const id = await fileAccess(page);
    const body = page.getByLabel(en.requests.detail.reply);
    const files = page.getByLabel(en.requests.form.files);
    await body.fill('Here is a copy of my diploma.');
    await files.setInputFiles(pdf);
    await page.getByRole('button', { name: en.requests.detail.send }).click();

    const sent = page.getByRole('status').filter({ hasText: en.requests.detail.sent });
    await expect(sent).toBeVisible();
    await expect(sent).toBeFocused();
    await expect(body).toHaveValue('');
    expect(await files.evaluate((input: HTMLInputElement) => input.files?.length ?? 0)).toBe(0);
    await expect(page.getByText('Here is a copy of my diploma.')).toHaveCount(1);

    // Send again: the form is empty, so it is refused, and the field says why.
    await page.getByRole('button', { name: en.requests.detail.send }).click();
    await expect(page.getByText(en.requests.errors.required)).toBeVisible();
    await expect(body).toHaveAttribute('aria-invalid', 'true');
    await expect(body).toBeFocused();
    // Its own help is kept beside the error it is now described by.
    await expect(body).toHaveAttribute('aria-describedby', /^body-help \S+-body-error$/);

    const posted = await messagesOf(id);
    expect(posted).toHaveLength(1);
    expect(await db.select().from(attachments).where(eq(attachments.eventId, posted[0]!.id))).toHaveLength(1);
    await page.reload();
    await expect(page.getByText('Here is a copy of my diploma.')).toHaveCount(1);
    await expect(page.getByRole('link', { name: pdf.name })).toHaveCount(1);
  });

  test('[FORMS] a double press on Send posts the message once', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    const id = await fileAccess(page);
    await page.getByLabel(en.requests.detail.reply).fill('Only once, please.');
    await page.getByRole('button', { name: en.requests.detail.send }).dblclick();
    await expect(page.getByRole('status').filter({ hasText: en.requests.detail.sent })).toBeVisible();
    expect(await messagesOf(id)).toHaveLength(1);
  });

  test("[FORMS] staff's note is cleared once added, its message takes focus, and an empty one is marked on its field", async ({
    page,
    browser,
  }) => {
    const subject = await createSubject();
    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    const id = await fileAccess(subjectPage);
    await subjectPage.close();

    await signInAs(page, (await createStaff('agent')).id);
    await page.goto(`/en/admin/requests/${id}`);
    const b = en.backoffice.request;
    const note = page.getByLabel(b.noteTitle);
    await note.fill('Called the subject; the request is about the 2024 course.');
    await page.getByRole('button', { name: b.addNote }).click();
    const done = page.getByRole('status').filter({ hasText: b.done.noted });
    await expect(done).toBeFocused();
    await expect(note).toHaveValue('');
    await page.getByRole('button', { name: b.addNote }).click();
    await expect(note).toHaveAttribute('aria-invalid', 'true');
    const notes = await db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, id), eq(requestEvents.kind, 'note')));
    expect(notes).toHaveLength(1);
  });
});

test.describe('[REQUEST] cancelling asks first', () => {
  for (const locale of locales) {
    test(`[REQUEST] Art. 24: "No" keeps the request, "Yes" cancels it, and the page says so (${locale})`, async ({
      page,
    }) => {
      const t = messages[locale].requests.detail;
      await signInAsSubject(page, await createSubject({ locale }));
      const id = await fileAccess(page, locale);
      const state = async () => (await db.select().from(requests).where(eq(requests.id, id)))[0]!.state;

      const ask = page.getByRole('button', { name: t.cancel, exact: true });
      await ask.click();
      const question = page.getByRole('group', { name: t.cancelQuestion });
      await expect(question).toBeVisible();
      await expect(question.getByRole('button', { name: t.cancelConfirm })).toBeFocused();
      await question.getByRole('button', { name: t.cancelKeep }).click();
      await expect(question).toHaveCount(0);
      await expect(ask).toBeFocused();
      expect(await state()).toBe('REGISTERED');

      // By keyboard: the question, then "Yes".
      await ask.press('Enter');
      await expect(question.getByRole('button', { name: t.cancelConfirm })).toBeFocused();
      await page.keyboard.press('Enter');
      // The form is gone with the request's cancellation; the page says it was done, and focus is there.
      const done = page.getByRole('status').filter({ hasText: t.cancelled });
      await expect(done).toBeVisible();
      await expect(done).toBeFocused();
      await expect(
        page.getByRole('definition').getByText(messages[locale].requestState.WITHDRAWN, { exact: true }),
      ).toBeVisible();
      // "Registered" (the notice naming its reference) no longer describes it.
      const [request] = await db.select().from(requests).where(eq(requests.id, id));
      await expect(page.getByRole('status').filter({ hasText: request!.reference })).toHaveCount(0);
      expect(request!.state).toBe('WITHDRAWN');
    });
  }
});

test('[CONSENT] Art. 8(7): withdrawing a consent opens its request on the "registered" notice, as the request forms do', async ({
  page,
}) => {
  const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
  await signInAsSubject(page, subject);
  await page.goto('/en/me/consents');
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'News about new courses' }) });
  await card.getByText(en.consents.withdraw).click();
  await card.getByRole('button', { name: en.consents.withdrawConfirm }).click();
  await expect(page).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}\?filed=1$/);
  const [request] = await db.select().from(requests).where(eq(requests.subjectId, subject.id));
  await expect(page.getByRole('status')).toContainText(request!.reference);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(en.requests.types.WITHDRAW.title);
});
