import { and, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { requests } from '@/db/schema/requests';
import { createSubject, db, expect, messages, signInAsSubject, test } from './fixtures';

const en = messages.en;

test.describe('[SUBJECT] my data, consents, downloads and activity', () => {
  test('[MY DATA] Art. 24(1)(1): each item with its source, purposes, legal basis, retention and recipients', async ({
    page,
  }) => {
    await signInAsSubject(page, await createSubject());
    await page.goto('/en/me');
    await expect(page.getByRole('heading', { name: 'Phone numbers' })).toBeVisible();
    // Restricted values are masked until revealed.
    await expect(page.getByText('+7 701 000 00 00')).toBeHidden();
    await page.getByText(en.me.reveal).first().click();
    await expect(page.getByText('+7 701 000 00 00')).toBeVisible();
    await page
      .getByText(/Why it is held/)
      .first()
      .click();
    await expect(page.getByText('Training under the contract').first()).toBeVisible();
    // A contract is not a ground of the Law: the training rests on the consent given with the contract.
    await expect(page.getByText(/The consent given with the training services contract/).first()).toBeVisible();
    await expect(page.getByText(/5 years after the contract ends/).first()).toBeVisible();
    await expect(page.getByText(/Smart Pay LLP/).first()).toBeVisible();
    await expect(page.getByText(/Data centre in Almaty/)).toBeVisible();
  });

  test('[MY DATA] Art. 16: a recipient abroad is shown with its country and cross-border basis', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await page.goto('/en/me');
    const education = page.locator('section', {
      has: page.getByRole('heading', { name: 'Education and qualification' }),
    });
    await education.getByText(/Why it is held/).click();
    await expect(education.getByText(/TalentBridge GmbH.*Germany.*cross-border/)).toBeVisible();
    await expect(education.getByText(en.me.automated)).toBeVisible();
  });

  test('[DOWNLOAD] my data as PDF, JSON and CSV, each download in my activity', async ({ page }) => {
    const subject = await createSubject({ locale: 'kk' });
    await signInAsSubject(page, subject);
    await page.goto('/kk/me');
    for (const [label, extension] of [
      [messages.kk.me.downloadPdf, 'pdf'],
      [messages.kk.me.downloadJson, 'json'],
      [messages.kk.me.downloadCsv, 'csv'],
    ] as const) {
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: label }).click();
      expect((await download).suggestedFilename()).toMatch(new RegExp(`\\.${extension}$`));
    }
    const exports = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, subject.id), eq(auditEvents.action, 'data_exported')));
    expect(exports).toHaveLength(3);
    // Where each download came from is recorded for staff (security accountability)…
    const { clientAddress, userAgent } = exports[0]!;
    expect(clientAddress).toMatch(/127\.0\.0\.1/);
    expect(userAgent).toMatch(/Chrome/);
    await page.goto('/kk/me/activity');
    await expect(page.getByText(messages.kk.activity.actions.data_exported).first()).toBeVisible();
    // …and never shown to the subject, on the page or in what they download.
    const activity = await page.content();
    expect(activity).not.toContain(clientAddress!);
    expect(activity).not.toContain(userAgent!);
    const json = await (await page.request.get('/kk/me/export/json')).text();
    expect(json).not.toContain(clientAddress!);
    expect(json).not.toContain(userAgent!);
  });

  test('[CONSENT] Art. 8(7): withdrawing a consent files a WITHDRAW request with its 15-working-day deadline', async ({
    page,
  }) => {
    const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    await signInAsSubject(page, subject);
    await page.goto('/en/me/consents');
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'News about new courses' }) });
    await card.getByText(en.consents.withdraw).click();
    await expect(card.getByText(/within 15 working days/)).toBeVisible();
    await card.getByRole('button', { name: en.consents.withdrawConfirm }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(en.requests.types.WITHDRAW.title);
    const [request] = await db.select().from(requests).where(eq(requests.subjectId, subject.id));
    expect(request?.type).toBe('WITHDRAW');
  });

  test('[CONSENT] Art. 8(2): a consent locked by an unfulfilled obligation says why and offers no withdrawal', async ({
    page,
  }) => {
    await signInAsSubject(page, await createSubject({ consents: [{ purpose: 'training_contract', locked: true }] }));
    await page.goto('/en/me/consents');
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Training under the contract' }) });
    await expect(card.getByText(en.consents.lockedTitle)).toBeVisible();
    await expect(card.getByText('The contract fee is unpaid.')).toBeVisible();
    await expect(card.getByText(en.consents.withdraw)).toHaveCount(0);
  });

  test('[CONSENT] Art. 24(1)(6): I give consent to publication in public sources, and can download its receipt', async ({
    page,
  }) => {
    const subject = await createSubject({ locale: 'ru' });
    await signInAsSubject(page, subject);
    await page.goto('/ru/me/consents');
    await page.getByLabel(messages.ru.consents.publicContent.confirm).check();
    await page.getByRole('button', { name: messages.ru.consents.publicGive }).click();
    await expect(page.getByText(messages.ru.consents.publicGiven)).toBeVisible();
    const card = page.locator('section', {
      has: page.getByRole('heading', { name: 'Публикация выпускников на сайте' }),
    });
    const download = page.waitForEvent('download');
    await card.getByRole('link', { name: messages.ru.consents.receipt }).click();
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  });

  test('[CONSENT] Art. 24(1)(6): refusing publication is recorded', async ({ page }) => {
    const subject = await createSubject();
    await signInAsSubject(page, subject);
    await page.goto('/en/me/consents');
    await page.getByRole('button', { name: en.consents.publicRefuse }).click();
    await expect(page.getByText(en.consents.publicRefusedNotice)).toBeVisible();
    await page.goto('/en/me/activity');
    await expect(page.getByText(en.activity.actions.consent_refused)).toBeVisible();
  });

  test('[ACTIVITY] I can turn the activity e-mails off and on', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await page.goto('/en/me/activity');
    await expect(page.getByText(en.activity.notifyOn)).toBeVisible();
    await page.getByRole('button', { name: en.activity.turnOff }).click();
    await expect(page.getByText(en.activity.notifyOff)).toBeVisible();
  });
});
