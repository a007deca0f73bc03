import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { iinCheckDigit } from '@/lib/iin';
import { createStaff, expect, messages, signInAs, test } from './fixtures';

/**
 * [INVENTORY] Art. 25(2)(1), issue 12: the admin keeps the data inventory in the back office, in
 * kk, ru and en; the dpo approves the draft as the next version; the privacy notice shows it. Each
 * record is made from a page in a different language, as staff who work in different languages do.
 */
type Locale = 'kk' | 'ru' | 'en';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A label that starts with these words (the code's label goes on with its help text). */
const startingWith = (text: string) => new RegExp(`^${escape(text)}`);

/** Fills the kk, ru and en boxes of the texts headed `legend`. */
async function fillLocalized(page: Page, locale: Locale, legend: string, text: Record<Locale, string>) {
  const form = messages[locale].inventory.form;
  const group = page.getByRole('group', { name: legend, exact: true });
  for (const l of ['kk', 'ru', 'en'] as const) await group.getByLabel(form.in[l], { exact: true }).fill(text[l]);
}

async function openNew(page: Page, locale: Locale, entity: 'category' | 'purpose' | 'recipient') {
  await page.goto(`/${locale}/admin/inventory`);
  await page.getByRole('link', { name: messages[locale].inventory.add[entity] }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: messages[locale].inventory.form.newTitle[entity] }),
  ).toBeVisible();
}

async function saveAndExpectSaved(page: Page, locale: Locale) {
  await page.getByRole('button', { name: messages[locale].inventory.form.save }).click();
  await expect(page.getByRole('status').filter({ hasText: messages[locale].inventory.form.saved })).toBeVisible();
}

test.describe('[INVENTORY] the data inventory is kept in the back office and approved by the dpo', () => {
  test('[INVENTORY] Art. 25(2)(1): the admin drafts a category, a recipient and a purpose in kk/ru/en; the dpo approves; the notice shows them in each language', async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const tag = randomBytes(3).toString('hex');
    const category = {
      code: `e2e_diploma_${tag}`,
      name: { kk: `Диплом ${tag}`, ru: `Диплом об окончании ${tag}`, en: `Diploma ${tag}` },
      description: { kk: 'Диплом нөмірі', ru: 'Номер диплома', en: 'Diploma number' },
    };
    const recipient = {
      code: `e2e_alumni_${tag}`,
      name: {
        kk: `Түлектер қауымдастығы ${tag}`,
        ru: `Ассоциация выпускников ${tag}`,
        en: `Alumni Association ${tag}`,
      },
    };
    const purpose = {
      code: `e2e_reunion_${tag}`,
      name: { kk: `Түлектер кездесуі ${tag}`, ru: `Встреча выпускников ${tag}`, en: `Alumni reunion ${tag}` },
      description: {
        kk: 'Түлектерді жыл сайынғы кездесуге шақыру',
        ru: 'Приглашение выпускников на ежегодную встречу',
        en: 'Inviting graduates to the yearly reunion',
      },
      retention: { kk: 'Келісім қайтарылғанша', ru: 'До отзыва согласия', en: 'Until consent is withdrawn' },
    };
    const first11 = '06034000321';
    const bin = `${first11}${iinCheckDigit(first11)}`;
    const wrongBin = `${first11}${(iinCheckDigit(first11)! + 1) % 10}`;

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signInAs(admin, (await createStaff('admin')).id);

    // In Kazakh: the recipient. A BIN with a wrong check digit is refused in Kazakh.
    {
      const kk = messages.kk.inventory;
      await openNew(admin, 'kk', 'recipient');
      await admin.getByRole('textbox', { name: startingWith(kk.form.code) }).fill(recipient.code);
      await fillLocalized(admin, 'kk', kk.form.name, recipient.name);
      await admin.getByLabel(kk.form.bin).fill(wrongBin);
      await admin.getByRole('button', { name: kk.form.save }).click();
      await expect(admin.getByText(kk.errors.bin)).toBeVisible();
      await admin.getByLabel(kk.form.bin).fill(bin);
      await saveAndExpectSaved(admin, 'kk');
    }

    // In Russian: the category.
    {
      const ru = messages.ru.inventory;
      await openNew(admin, 'ru', 'category');
      await admin.getByRole('textbox', { name: startingWith(ru.form.code) }).fill(category.code);
      await fillLocalized(admin, 'ru', ru.form.name, category.name);
      await fillLocalized(admin, 'ru', ru.form.description, category.description);
      await saveAndExpectSaved(admin, 'ru');
    }

    // In English: the purpose, on consent, using the new category and e-mail, given to the new recipient.
    {
      const en = messages.en.inventory;
      await openNew(admin, 'en', 'purpose');
      await admin.getByRole('textbox', { name: startingWith(en.form.code) }).fill(purpose.code);
      await fillLocalized(admin, 'en', en.form.name, purpose.name);
      await fillLocalized(admin, 'en', en.form.description, purpose.description);
      await fillLocalized(admin, 'en', en.form.retentionDescription, purpose.retention);
      const categories = admin.getByRole('group', { name: en.form.categories, exact: true });
      await categories.getByLabel(category.name.en, { exact: true }).check();
      await categories.getByLabel('E-mail address', { exact: true }).check();
      await admin
        .getByRole('group', { name: en.form.recipients, exact: true })
        .getByLabel(recipient.name.en, { exact: true })
        .check();
      await saveAndExpectSaved(admin, 'en');
    }

    // The overview lays the draft over the inventory; the admin may not approve it.
    await admin.goto('/en/admin/inventory');
    const row = admin.getByRole('row').filter({ has: admin.getByRole('cell', { name: purpose.name.en, exact: true }) });
    await expect(row).toContainText(messages.en.inventory.state.draftNew);
    await admin.getByRole('link', { name: messages.en.inventory.reviewDraft }).click();
    await expect(admin.getByText(messages.en.inventory.draft.onlyDpo)).toBeVisible();
    await expect(admin.getByRole('button', { name: messages.en.inventory.draft.approve })).toHaveCount(0);
    // Not yet in the notice.
    await admin.goto('/en/privacy');
    await expect(admin.getByText(purpose.name.en)).toHaveCount(0);
    await adminContext.close();

    // The dpo reads the diff and approves.
    const dpoContext = await browser.newContext();
    const dpo = await dpoContext.newPage();
    await signInAs(dpo, (await createStaff('dpo')).id);
    const en = messages.en.inventory;
    await dpo.goto('/en/admin/inventory/draft');
    await expect(dpo.getByRole('heading', { level: 1, name: en.draft.title })).toBeVisible();
    const added = (section: string, name: string) =>
      dpo.getByRole('listitem').filter({ hasText: `${en.diff.added} · ${section}: ${name}` });
    await expect(added(en.diff.sections.purposes, purpose.name.en)).toBeVisible();
    await expect(added(en.diff.sections.categories, category.name.en)).toBeVisible();
    await expect(added(en.diff.sections.recipients, recipient.name.en)).toBeVisible();
    await dpo.getByLabel(en.draft.approveConfirm).check();
    await dpo.getByRole('button', { name: en.draft.approve }).click();
    const approved = new RegExp(escape(en.draft.approved.split('{version}')[0]!) + '(\\d+)');
    const status = dpo.getByRole('status').filter({ hasText: approved });
    await expect(status).toBeVisible();
    const version = Number(approved.exec((await status.textContent()) ?? '')![1]);
    expect(version).toBeGreaterThan(1);
    const approvedOn = new Date();

    // The public notice shows the purpose, its data and its recipient, in each language.
    const visitor = await browser.newPage();
    for (const locale of ['kk', 'ru', 'en'] as const) {
      await visitor.goto(`/${locale}/privacy`);
      const title = visitor.getByRole('heading', { level: 3, name: purpose.name[locale], exact: true });
      await expect(title).toBeVisible();
      const card = visitor.locator('section[aria-labelledby="purposes"] > div').filter({ has: title });
      await expect(card).toContainText(purpose.description[locale]);
      await expect(card).toContainText(category.name[locale]);
      await expect(card).toContainText(recipient.name[locale]);
    }
    await visitor.close();

    // The versions page lists the new version with its approval date and what it added.
    await dpo.goto('/en/admin/inventory/versions');
    const heading = en.versions.heading.replace('{version}', String(version));
    const entry = dpo.getByRole('listitem').filter({ has: dpo.getByRole('heading', { name: heading, exact: true }) });
    const day = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'Asia/Almaty' }).format(approvedOn);
    await expect(entry.getByText(en.versions.approved.replace('{date}', day))).toBeVisible();
    await expect(entry.getByText(`${en.diff.added} · ${en.diff.sections.purposes}: ${purpose.name.en}`)).toBeVisible();
    await dpoContext.close();
  });
});
