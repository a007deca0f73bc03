import { and, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { letters } from '@/db/schema/letters';
import { subjects } from '@/db/schema/subjects';
import {
  createStaff,
  createSubject,
  db,
  expect,
  locales,
  messages,
  signInAs,
  signInAsSubject,
  test,
  waitForEmails,
} from './fixtures';
import { kazakhstanLocal, marker } from './security';

const en = messages.en;

/**
 * [LETTERS] Art. 10(2), 19, 25(2)(7): a subject without an e-mail address is told by post. Staff
 * register their paper request with the postal address; the acknowledgement waits on "Letters to
 * send", is printed from its PDF and marked posted, and the subject sees the posting in their
 * activity.
 */
test.describe('[LETTERS] letters to subjects without e-mail', () => {
  test('[LETTERS] Art. 10(2): a paper request from a subject without e-mail → a letter to send → PDF → posted', async ({
    page,
  }) => {
    const name = `Хатов ${marker('letter')}`;
    const subject = await createSubject({ fullName: name });
    await db.update(subjects).set({ email: null }).where(eq(subjects.id, subject.id));
    await signInAs(page, (await createStaff('agent')).id);

    await page.goto('/en/admin/requests/new');
    await page.getByLabel(en.backoffice.intake.searchLabel).fill(name);
    await page.getByRole('button', { name: en.backoffice.intake.searchSubmit }).click();
    await page.getByRole('link', { name: en.backoffice.intake.choose }).click();
    await page.getByRole('link', { name: en.requestType.ACCESS }).click();
    await page.getByLabel(en.backoffice.intake.receivedAt).fill(kazakhstanLocal(3_600_000));
    await page.getByLabel(en.backoffice.intake.letters.address).fill('050012, Алматы қ., Абай даңғылы, 52, 14-пәтер');
    await page.getByLabel(en.backoffice.intake.letters.language).selectOption('kk');
    await page.getByLabel(en.backoffice.intake.scan).setInputFiles({
      name: 'letter.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2]),
    });
    await page.getByRole('button', { name: en.backoffice.intake.submit }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(en.requestType.ACCESS);
    // Staff see the subject's language by its name, never its code.
    await expect(page.getByText('Kazakh', { exact: true })).toBeVisible();

    await page.getByRole('navigation').getByRole('link', { name: en.backoffice.nav.letters }).click();
    await expect(page.getByRole('heading', { level: 1, name: en.letters.title })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('Абай даңғылы, 52');
    await expect(row).toContainText('Acknowledgement of the request');

    const download = page.waitForEvent('download');
    await row.getByRole('link', { name: en.letters.download }).click();
    expect((await download).suggestedFilename()).toMatch(/^letter-\d{4}-\d{6}\.pdf$/);
    const [letter] = await db.select().from(letters).where(eq(letters.subjectId, subject.id));
    expect(letter?.locale).toBe('kk');
    // Opening the letter is a view of the subject's data: in their activity.
    const viewed = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, letter!.id), eq(auditEvents.action, 'data_viewed')));
    expect(viewed).toHaveLength(1);

    await row.getByRole('button', { name: en.letters.markPosted }).click();
    // Posted, it leaves the list (and its form with it).
    await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
    const [posted] = await db.select().from(letters).where(eq(letters.id, letter!.id));
    expect(posted?.postedAt).toBeTruthy();
  });

  for (const locale of locales) {
    test(`[LETTERS] "Letters to send" and My account in ${locale}`, async ({ page, browser }) => {
      const t = messages[locale];
      await signInAs(page, (await createStaff('auditor')).id);
      await page.goto(`/${locale}/admin/letters`);
      await expect(page.getByRole('heading', { level: 1, name: t.letters.title })).toBeVisible();
      // The auditor reads the list and has nothing to press but signing out.
      await expect(page.getByRole('button', { name: t.letters.markPosted })).toHaveCount(0);

      const subjectPage = await browser.newPage();
      await signInAsSubject(subjectPage, await createSubject({ locale }));
      await subjectPage.goto(`/${locale}/me/account`);
      await expect(subjectPage.getByRole('heading', { level: 1, name: t.myAccount.title })).toBeVisible();
      await expect(subjectPage.getByRole('combobox', { name: t.myAccount.language, exact: true })).toBeVisible();
      await subjectPage.close();
    });
  }
});

test.describe('[LANGUAGE] the subject chooses their language of correspondence', () => {
  test('[LANGUAGE] the subject changes their language on My account; the next e-mail is in it', async ({
    page,
    browser,
  }) => {
    const subject = await createSubject({ locale: 'en' });
    await signInAsSubject(page, subject);
    await page.goto('/en/me/account');
    await page.getByRole('combobox', { name: en.myAccount.language, exact: true }).selectOption('ru');
    await page.getByRole('button', { name: en.myAccount.save }).click();
    await expect(page.getByRole('status')).toContainText(en.myAccount.saved);
    const [row] = await db.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.id, subject.id));
    expect(row?.locale).toBe('ru');

    // The sign-in link asked for from the English page comes in Russian.
    const visitor = await browser.newPage();
    await visitor.goto('/en/sign-in');
    await visitor.getByLabel(en.signIn.emailLabel).fill(subject.email);
    await visitor.getByRole('button', { name: en.signIn.submit }).click();
    await expect(visitor.getByRole('heading', { name: en.checkEmail.title })).toBeVisible();
    const [mail] = await waitForEmails(subject.email);
    expect(mail?.subject).toBe(messages.ru.email.signIn.subject);
    await visitor.close();
  });
});
