import { eq, inArray } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { dataCategories } from '@/db/schema/inventory';
import { requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems, subjects } from '@/db/schema/subjects';
import { loadWorkingCalendar } from '@/lib/deadlines/policy';
import { deadlineStatus } from '@/lib/deadlines/status';
import {
  createStaff,
  createSubject,
  db,
  expect,
  formatMessage,
  locales,
  messages,
  signInAs,
  signInAsSubject,
  signInByEmail,
  test,
  uniqueEmail,
  waitForEmails,
} from './fixtures';

const pdf = {
  name: 'passport-scan.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
};
const en = messages.en.requests;

/** Opens the form of one request type from the list of types, as a person would. */
async function openForm(page: import('@playwright/test').Page, title: string, locale: 'kk' | 'ru' | 'en' = 'en') {
  await page.goto(`/${locale}/me/requests/new`);
  await page.getByRole('link', { name: new RegExp(`^${title.replace(/[()/]/g, '.')}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

async function expectFiled(page: import('@playwright/test').Page, title: string) {
  await expect(page).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}\?filed=1$/);
  await expect(page.getByRole('status')).toContainText(/20\d\d-\d{6}/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(
    page.getByRole('definition').getByText(messages.en.requestState.REGISTERED, { exact: true }),
  ).toBeVisible();
}

test.describe('[SUBJECT] filing each of the seven request types', () => {
  test('[ACCESS] Art. 24(1)(1): a request for information about my data', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.ACCESS.title);
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.ACCESS.title);
    // Nothing of the subject's own words: "What you asked for" says what the type asks for, not nothing.
    await expect(page.getByRole('region', { name: en.detail.asked })).toContainText(en.types.ACCESS.help);
  });

  test('[RECTIFY] Art. 24(1)(2): pick an item, give the new value, attach a document', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.RECTIFY.title);
    await page.getByRole('checkbox', { name: /^Phone numbers/ }).check();
    await page.getByLabel(`${en.form.newValue} — Phone numbers`).fill('+7 777 123 45 67');
    await page.getByLabel(en.form.files).setInputFiles(pdf);
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.RECTIFY.title);
    await expect(page.getByText('+7 777 123 45 67')).toBeVisible();
    await expect(page.getByRole('link', { name: pdf.name })).toBeVisible();
  });

  test('[BLOCK] Art. 24(1)(3): say what was violated', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.BLOCK.title);
    await page.getByRole('checkbox', { name: /^E-mail address/ }).check();
    await page.getByLabel(en.form.violation).fill('My e-mail was shared with an advertiser without my consent.');
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.BLOCK.title);
  });

  test('[DESTROY] Art. 24(1)(4): pick the items and say why', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.DESTROY.title);
    await page.getByRole('checkbox', { name: /^Phone numbers/ }).check();
    await page.getByLabel(en.form.reason).fill('I no longer study with you.');
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.DESTROY.title);
  });

  test('[WITHDRAW] Art. 24(1)(5): choose the consent', async ({ page }) => {
    await signInAsSubject(page, await createSubject({ consents: [{ purpose: 'newsletter' }] }));
    await openForm(page, en.types.WITHDRAW.title);
    await page.getByRole('radio', { name: /News about new courses/ }).check();
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.WITHDRAW.title);
  });

  test('[PUBLIC_REMOVE] Art. 6: say where the data was published', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.PUBLIC_REMOVE.title);
    await page.getByLabel(en.form.where).fill('https://example.kz/graduates-2025 lists my phone number.');
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.PUBLIC_REMOVE.title);
  });

  test('[OBJECT_AUTO] Art. 19-1: choose the automated processing', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.OBJECT_AUTO.title);
    await page.getByRole('radio', { name: /Recommending vacancies from partner employers/ }).check();
    await page.getByLabel(en.form.objection).fill('I want a person to review the vacancies I am shown.');
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.OBJECT_AUTO.title);
  });
});

test.describe('[SUBJECT] forms guard their input', () => {
  test('[RECTIFY] a ticked item without a new value gets a localized message, and nothing is filed', async ({
    page,
  }) => {
    const subject = await createSubject({ locale: 'ru' });
    await signInAsSubject(page, subject);
    await openForm(page, messages.ru.requests.types.RECTIFY.title, 'ru');
    await page.getByRole('checkbox', { name: /^Номера телефонов|^Phone/ }).check();
    await page.getByRole('button', { name: messages.ru.requests.form.submit }).click();
    await expect(page.getByText(messages.ru.requests.errors.newValue)).toBeVisible();
    await expect(page.getByRole('checkbox', { name: /^Номера телефонов|^Phone/ })).toBeChecked();
    expect(await db.select().from(requests).where(eq(requests.subjectId, subject.id))).toHaveLength(0);
  });

  test('[RECTIFY] a file that only pretends to be a PDF is refused', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.RECTIFY.title);
    await page.getByRole('checkbox', { name: /^Phone numbers/ }).check();
    await page.getByLabel(`${en.form.newValue} — Phone numbers`).fill('+7 777 123 45 67');
    await page
      .getByLabel(en.form.files)
      .setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is a program') });
    await page.getByRole('button', { name: en.form.submit }).click();
    await expect(page.getByText(en.errors.fileType.replace('{name}', 'fake.pdf'))).toBeVisible();
  });

  test('[REQUEST] a double-click files one request, not two', async ({ page }) => {
    const subject = await createSubject();
    await signInAsSubject(page, subject);
    await openForm(page, en.types.ACCESS.title);
    await page.getByRole('button', { name: en.form.submit }).dblclick();
    await expect(page).toHaveURL(/filed=1/);
    expect(await db.select().from(requests).where(eq(requests.subjectId, subject.id))).toHaveLength(1);
  });

  test('[REQUEST] resubmitting the same form returns the request already filed', async ({ page }) => {
    const subject = await createSubject();
    await signInAsSubject(page, subject);
    await openForm(page, en.types.ACCESS.title);
    const form = page.locator('form', { has: page.getByRole('button', { name: en.form.submit }) });
    // Its one-time key: the page may come back from the browser's page (server HTML) or from the
    // router's cache (rendered by React), which write the same form's attributes in another order.
    const key = await form.locator('input[name="idempotencyKey"]').inputValue();
    await page.getByRole('button', { name: en.form.submit }).click();
    await expect(page).toHaveURL(/filed=1/);
    const first = page.url();
    // The same rendered form (same one-time key) sent again, as after a back-button resubmit.
    await page.goBack();
    await expect(page.locator('form', { has: page.getByRole('button', { name: en.form.submit }) })).toBeVisible();
    expect(await form.locator('input[name="idempotencyKey"]').inputValue()).toBe(key);
    await page.getByRole('button', { name: en.form.submit }).click();
    await expect(page).toHaveURL(first);
    expect(await db.select().from(requests).where(eq(requests.subjectId, subject.id))).toHaveLength(1);
  });
});

test.describe('[SUBJECT] following my requests', () => {
  for (const locale of locales) {
    test(`[RECTIFY] the whole journey in ${locale}: sign in, see my data, file with a document, follow it, get the e-mail`, async ({
      page,
    }) => {
      const t = messages[locale];
      const subject = await createSubject({ locale });
      await signInByEmail(page, subject.email, locale);
      await expect(page.getByRole('heading', { name: t.me.title })).toBeVisible();
      await expect(page.getByText('Әсел Қуанышқызы Төлеуова', { exact: true })).toBeVisible();

      await page.getByRole('link', { name: t.me.fileRequest }).click();
      await page
        .getByRole('link', { name: new RegExp(`^${t.requests.types.RECTIFY.title.replace(/[()/]/g, '.')}`) })
        .click();
      const [education] = await db.select().from(dataCategories).where(eq(dataCategories.code, 'education'));
      await page.getByRole('checkbox', { name: new RegExp(`^${education!.name[locale]}`) }).check();
      await page
        .getByLabel(`${t.requests.form.newValue} — ${education!.name[locale]}`)
        .fill('Әл-Фараби атындағы ҚазҰУ, магистр, 2024');
      await page.getByLabel(t.requests.form.files).setInputFiles(pdf);
      await page.getByRole('button', { name: t.requests.form.submit }).click();
      await expect(page).toHaveURL(/filed=1/);
      const reference = /\d{4}-\d{6}/.exec(await page.getByRole('status').innerText())![0];

      await page
        .getByRole('navigation', { name: t.subjectNav.label })
        .getByRole('link', { name: t.subjectNav.requests })
        .click();
      await expect(page.getByRole('link', { name: new RegExp(reference) })).toBeVisible();
      await page.getByRole('link', { name: new RegExp(reference) }).click();
      await expect(page.getByRole('definition').getByText(t.requestState.REGISTERED, { exact: true })).toBeVisible();

      const [request] = await db.select().from(requests).where(eq(requests.reference, reference));
      const mail = (await waitForEmails(subject.email, 2)).find((m) => m.subject.includes(reference));
      expect(mail, 'acknowledgement e-mail').toBeTruthy();
      const due = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Almaty' }).format(
        request!.dueAt,
      );
      expect(mail!.text).toContain(due);
      expect(mail!.text).toContain(t.requestType.RECTIFY);

      // The deadline in the Law's words: the term in working days and how it is counted, the working
      // days left, and what the subject may do if it passes (Art. 27, 27-1, 30) — on the page and in the e-mail.
      const term = formatMessage(t.requests.deadlineTerm, locale, { days: request!.deadlineWorkingDays });
      await expect(page.getByText(term)).toBeVisible();
      const status = deadlineStatus(await loadWorkingCalendar(db), request!.dueAt);
      expect(status.kind).toBe('left');
      const left = formatMessage(t.requests.daysLeft, locale, {
        count: status.kind === 'left' ? status.workingDays : 0,
      });
      await expect(page.getByText(left)).toBeVisible();
      await expect(page.getByText(t.requests.afterDeadline)).toBeVisible();
      expect(mail!.text).toContain(term);
      expect(mail!.text).toContain(t.requests.afterDeadline);
    });
  }

  test('[REQUEST] I can cancel a request the operator has not acted on', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.ACCESS.title);
    await page.getByRole('button', { name: en.form.submit }).click();
    await page.getByRole('button', { name: en.detail.cancel }).click();
    await page.getByRole('button', { name: en.detail.cancelConfirm }).click();
    await expect(
      page.getByRole('definition').getByText(messages.en.requestState.WITHDRAWN, { exact: true }),
    ).toBeVisible();
    await expect(page.getByText(en.events.cancelled)).toBeVisible();
  });

  test('[REQUEST] when the operator asks for information I reply with a document', async ({ page }) => {
    await signInAsSubject(page, await createSubject());
    await openForm(page, en.types.ACCESS.title);
    await page.getByRole('button', { name: en.form.submit }).click();
    await expect(page).toHaveURL(/filed=1/);
    const id = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await db.update(requests).set({ state: 'AWAITING_INFO' }).where(eq(requests.id, id));
    await page.reload();
    await expect(page.getByText(en.detail.infoRequested)).toBeVisible();
    await page.getByLabel(en.detail.reply).fill('Here is a copy of my diploma.');
    await page.getByLabel(en.form.files).setInputFiles(pdf);
    await page.getByRole('button', { name: en.detail.send }).click();
    await expect(page.getByText('Here is a copy of my diploma.')).toBeVisible();
    await expect(
      page.getByRole('definition').getByText(messages.en.requestState.IN_PROGRESS, { exact: true }),
    ).toBeVisible();
  });
});

test.describe('[ACCESS] Art. 24(1)(1): someone the operator holds nothing about is never left at a dead end', () => {
  test('[ACCESS] Art. 24(1)(1): they are told so, offered the formal answer, file it, and staff answer "nothing held"', async ({
    page,
    browser,
  }) => {
    // Signed in with an address the operator has no subject record for.
    const [stranger] = await db
      .insert(users)
      .values({ email: uniqueEmail('stranger'), role: 'subject', emailVerified: new Date() })
      .returning({ id: users.id, email: users.email });
    await signInAs(page, stranger!.id);
    await page.goto('/en/me');
    await expect(page.getByRole('heading', { level: 1, name: messages.en.me.nothingHeldTitle })).toBeVisible();
    await page.getByRole('link', { name: en.askAccess }).click();
    await expect(page.getByRole('heading', { level: 1, name: en.types.ACCESS.title })).toBeVisible();

    // The list of requests says why the others do not apply, and links none of them.
    await page.goto('/en/me/requests/new');
    await expect(page.getByRole('heading', { name: en.nothingHeldTitle })).toBeVisible();
    const notOffered = page.getByRole('region', { name: en.notOfferedTitle });
    for (const type of ['RECTIFY', 'BLOCK', 'DESTROY', 'PUBLIC_REMOVE'] as const)
      await expect(notOffered.getByRole('listitem').filter({ hasText: en.types[type].title })).toContainText(
        en.form.noData,
      );
    await expect(notOffered.getByRole('listitem').filter({ hasText: en.types.WITHDRAW.title })).toContainText(
      en.form.noConsents,
    );
    await expect(page.getByRole('link', { name: new RegExp(`^${en.types.DESTROY.title}`) })).toHaveCount(0);
    // A form reached by its address says the same, and points to the one that applies.
    await page.goto('/en/me/requests/new/destroy');
    await expect(page.getByRole('note')).toHaveText(en.form.noData);
    await expect(page.getByRole('button', { name: en.form.submit })).toHaveCount(0);
    await page.getByRole('link', { name: en.askAccess }).click();
    await page.getByRole('button', { name: en.form.submit }).click();
    await expectFiled(page, en.types.ACCESS.title);
    const id = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const [request] = await db.select().from(requests).where(eq(requests.id, id));
    // The request belongs to a subject record made for them, with no data item.
    const [subject] = await db.select().from(subjects).where(eq(subjects.id, request!.subjectId));
    expect(subject!.email).toBe(stranger!.email);
    expect(subject!.userId).toBe(stranger!.id);
    expect(await db.select().from(dataItems).where(eq(dataItems.subjectId, subject!.id))).toHaveLength(0);
    await page.goto('/en/me');
    await expect(page.getByRole('heading', { level: 1, name: messages.en.me.nothingHeldTitle })).toBeVisible();

    // Staff see that nothing is held, and answer with the statement that says so.
    const staff = await browser.newPage();
    await signInAs(staff, (await createStaff('agent')).id);
    await staff.goto(`/en/admin/requests/${request!.id}`);
    await expect(staff.getByRole('note')).toHaveText(messages.en.backoffice.request.nothingHeld);
    await staff.getByRole('button', { name: messages.en.backoffice.request.execute }).click();
    await expect(staff.getByText(messages.en.backoffice.request.closed)).toBeVisible();
    await page.goto(`/en/me/requests/${request!.id}`);
    await expect(page.getByRole('link', { name: `statement-${request!.reference}.pdf` })).toBeVisible();
  });

  test('[WITHDRAW] Art. 8: with every item destroyed, a consent given can still be withdrawn; the rest says why not', async ({
    page,
  }) => {
    const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    // Every item destroyed, as destroyItems does it: the value gone, each purpose ended.
    const items = await db
      .update(dataItems)
      .set({ state: 'destroyed', value: null, destroyedAt: new Date() })
      .where(eq(dataItems.subjectId, subject.id))
      .returning({ id: dataItems.id });
    await db
      .update(dataItemPurposes)
      .set({ endedAt: new Date() })
      .where(
        inArray(
          dataItemPurposes.dataItemId,
          items.map((item) => item.id),
        ),
      );
    await signInAsSubject(page, subject);
    for (const locale of locales) {
      const t = messages[locale].requests;
      await page.goto(`/${locale}/me/requests/new`);
      await expect(page.getByRole('heading', { name: t.nothingHeldTitle })).toBeVisible();
      await expect(page.getByRole('link', { name: new RegExp(`^${t.types.ACCESS.title}`) })).toBeVisible();
      await expect(page.getByRole('link', { name: new RegExp(`^${t.types.WITHDRAW.title}`) })).toBeVisible();
      const notOffered = page.getByRole('region', { name: t.notOfferedTitle });
      await expect(notOffered.getByRole('listitem')).toHaveCount(5);
      await expect(notOffered.getByRole('listitem').filter({ hasText: t.types.OBJECT_AUTO.title })).toContainText(
        t.form.noAutomated,
      );
    }
  });
});
