import { operatorProfile } from '@/db/schema/operator';
import { createSubject, db, expect, formatMessage, locales, messages, signInAsSubject, test } from './fixtures';

/**
 * [PRINT] issue 14, point 6: a request and My data print as records — whose they are (the operator
 * with its BIN, the data subject), what they say, and no navigation, fields or buttons.
 */
for (const locale of locales) {
  test(`[PRINT] Art. 24(1)(1): a request and My data print with the operator and the subject named, without form controls (${locale})`, async ({
    page,
  }) => {
    const m = messages[locale];
    const [operator] = await db.select().from(operatorProfile);
    const subject = await createSubject({ locale });
    await signInAsSubject(page, subject);
    const header = formatMessage(m.print.operator, locale, { name: operator!.name[locale], bin: operator!.bin });

    // A request filed, then its page on screen: a Print button, no printed header.
    await page.goto(`/${locale}/me/requests/new/access`);
    await page.getByRole('button', { name: m.requests.form.submit }).click();
    await expect(page).toHaveURL(/filed=1/);
    await page.goto(page.url().replace(/\?.*$/, ''));
    await expect(page.getByRole('button', { name: m.print.button })).toBeVisible();
    await expect(page.getByText(header)).toBeHidden();
    const reference = /\d{4}-\d{6}/.exec((await page.getByRole('heading', { level: 1 }).innerText())!)![0];

    // On paper: the operator and the subject, the request and its timeline; no field, no button.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByText(header)).toBeVisible();
    await expect(page.getByText(formatMessage(m.print.subject, locale, { name: subject.fullName! }))).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(reference);
    await expect(page.getByRole('textbox')).toHaveCount(0);
    for (const button of await page.getByRole('button', { includeHidden: true }).all())
      await expect(button).toBeHidden();
    await expect(page.getByRole('navigation')).toBeHidden();

    // My data likewise.
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`/${locale}/me`);
    await expect(page.getByRole('button', { name: m.print.button })).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByText(header)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: m.me.title })).toBeVisible();
    for (const button of await page.getByRole('button', { includeHidden: true }).all())
      await expect(button).toBeHidden();
  });
}
