import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { consents } from '@/db/schema/consents';
import { dataCategories, purposes } from '@/db/schema/inventory';
import { requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems } from '@/db/schema/subjects';
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

const c = messages.en.compliance;

test.describe('[COMPLIANCE] what the responsible person shows an inspector', () => {
  test('[CALENDAR] LC 85(3): a day off added by the dpo moves the due date of an open request', async ({ page }) => {
    const subject = await createSubject();
    // An open request counting from Monday 7 January 2030: one working day, due Tuesday 8 January.
    const [request] = await db
      .insert(requests)
      .values({
        reference: `2030-${String(Math.floor(Math.random() * 900000) + 100000)}`,
        subjectId: subject.id,
        type: 'RECTIFY',
        registeredAt: new Date(),
        deadlineFrom: new Date('2030-01-07T05:00:00Z'),
        deadlineWorkingDays: 1,
        dueAt: new Date('2030-01-08T18:59:59.999Z'),
        originalDueAt: new Date('2030-01-08T18:59:59.999Z'),
      })
      .returning();
    await signInAs(page, (await createStaff('dpo')).id);
    await page.goto('/en/admin/calendar?year=2030');
    const add = page.locator('section', { has: page.getByRole('heading', { name: c.calendar.add }) });
    await add.getByLabel(c.calendar.day, { exact: true }).fill('2030-01-08');
    await add.getByLabel(c.calendar.kind).selectOption('transferred_day_off');
    await add.getByLabel(c.calendar.nameKk).fill('Ауыстырылған демалыс');
    await add.getByLabel(c.calendar.nameRu).fill('Перенесённый выходной');
    await add.getByLabel(c.calendar.nameEn).fill('Transferred day off');
    await add.getByLabel(c.calendar.source).fill(`E2E order ${randomUUID()}`);
    await add.getByRole('button', { name: c.calendar.save }).click();
    await expect(add.getByRole('status')).toBeVisible();
    const [moved] = await db.select().from(requests).where(eq(requests.id, request!.id));
    expect(moved?.dueAt.toISOString()).toBe('2030-01-09T18:59:59.999Z');
    await page.goto(`/en/admin/requests/${request!.id}`);
    await expect(page.getByText(/January 9, 2030/)).toBeVisible();
  });

  test("[TRANSFER] Art. 19: a recorded transfer produces the subject's notice and shows in their activity", async ({
    page,
    browser,
  }) => {
    const subject = await createSubject({
      locale: 'ru',
      fullName: 'Тимур Передачин',
      consents: [{ purpose: 'career_matching' }],
    });
    await db.update(consents).set({ notifyOnTransfer: true }).where(eq(consents.subjectId, subject.id));
    await signInAs(page, (await createStaff('agent')).id);
    await page.goto('/en/admin/transfers');
    await page.getByLabel(c.transfers.subjectSearch).fill('Передачин');
    await page.getByRole('button', { name: c.transfers.find }).click();
    await page.getByRole('link', { name: c.transfers.choose }).click();
    await page
      .getByLabel(c.transfers.recipient, { exact: true })
      .selectOption({ label: 'Steppe Logistics LLP (partner employer) — Kazakhstan' });
    await page.getByLabel(c.transfers.date, { exact: true }).fill('2026-11-20T11:00');
    await page.getByRole('checkbox', { name: 'Education and qualification' }).check();
    await page.getByLabel(c.transfers.basis, { exact: true }).fill('Consent to vacancy matching');
    await page.getByRole('button', { name: c.transfers.submit }).click();
    await expect(page.getByRole('status')).toHaveText(c.transfers.registered);

    const [notice] = (await waitForEmails(subject.email, 1)).filter(
      (m) => m.subject === messages.ru.email.transferNotice.subject,
    );
    expect(notice, 'notice in Russian').toBeTruthy();
    expect(notice!.text).toContain('Steppe Logistics');
    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    await subjectPage.goto('/ru/me/activity');
    await expect(subjectPage.getByText(messages.ru.activity.actions.data_transferred)).toBeVisible();
    await expect(subjectPage.getByText(/Steppe Logistics/)).toBeVisible();
  });

  test('[RETENTION] Art. 18: a retention run lists an expired item, the dpo destroys it, and the subject sees it', async ({
    page,
    browser,
  }) => {
    const subject = await createSubject({ fullName: 'Сақтау Мерзімов', purposes: [] });
    const [education] = await db.select().from(dataCategories).where(eq(dataCategories.code, 'education'));
    const [item] = await db
      .select()
      .from(dataItems)
      .where(and(eq(dataItems.subjectId, subject.id), eq(dataItems.categoryId, education!.id)));
    const [certificates] = await db.select().from(purposes).where(eq(purposes.code, 'certificates'));
    await db
      .update(dataItems)
      .set({ collectedAt: new Date(Date.now() - 11 * 366 * 86_400_000) })
      .where(eq(dataItems.id, item!.id));
    await db.insert(dataItemPurposes).values({ dataItemId: item!.id, purposeId: certificates!.id });

    await signInAs(page, (await createStaff('dpo')).id);
    await page.goto('/en/admin/retention');
    await page.getByRole('button', { name: c.retention.run }).click();
    const row = page.locator('li', { hasText: 'Сақтау Мерзімов' });
    // Destruction cannot be undone: the first press asks; "No" leaves the item as it was.
    await row.getByRole('button', { name: c.retention.destroy, exact: true }).click();
    const question = row.getByRole('group', { name: c.retention.destroyQuestion });
    await question.getByRole('button', { name: messages.en.common.confirmNo, exact: true }).click();
    await expect(question).toHaveCount(0);
    expect((await db.select().from(dataItems).where(eq(dataItems.id, item!.id)))[0]?.state).toBe('active');
    await row.getByRole('button', { name: c.retention.destroy, exact: true }).click();
    await question.getByRole('button', { name: c.retention.destroyConfirm }).click();
    await expect(
      page.locator('section', { has: page.getByRole('heading', { name: c.retention.decided }) }),
    ).toContainText('Сақтау Мерзімов');
    const [after] = await db.select().from(dataItems).where(eq(dataItems.id, item!.id));
    expect([after?.state, after?.value]).toEqual(['destroyed', null]);

    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    await subjectPage.goto('/en/me/activity');
    await expect(subjectPage.getByText(messages.en.activity.actions.destruction_listed)).toBeVisible();
    await expect(subjectPage.getByText(messages.en.activity.actions.data_destroyed)).toBeVisible();
    await subjectPage.goto('/en/me');
    await expect(subjectPage.getByText(/destroyed on/)).toBeVisible();
  });

  test('[BREACH] Art. 25(2)(8): a breach is recorded with its one-working-day deadline, notices in kk and ru, and subjects told', async ({
    page,
  }) => {
    const subject = await createSubject({ locale: 'kk' });
    await signInAs(page, (await createStaff('dpo')).id);
    await page.goto('/en/admin/incidents');
    await page.getByLabel(c.incidents.discoveredAt).fill('2026-11-20T09:00');
    await page.getByLabel(c.incidents.descriptionKk).fill('Экспорт файлы қате мекенжайға жіберілді.');
    await page.getByLabel(c.incidents.descriptionRu).fill('Файл выгрузки отправлен не по адресу.');
    await page.getByLabel(c.incidents.measuresKk).fill('Алушы файлды жойды; қолжетімділік тексерілді.');
    await page.getByLabel(c.incidents.measuresRu).fill('Получатель удалил файл; доступ проверен.');
    await page.getByLabel(c.incidents.subjects).fill(subject.email);
    await page.getByRole('button', { name: c.incidents.submit }).click();
    await expect(page.getByRole('heading', { level: 2, name: c.incidents.noticeTitle })).toBeVisible();
    for (const label of [c.incidents.noticeKk, c.incidents.noticeRu]) {
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: label }).click();
      expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
    }
    // The notices name the subject: each download is an export of their data, which they see.
    const exported = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, subject.id), eq(auditEvents.action, 'data_exported')));
    expect(exported.filter((e) => e.entityType === 'incident')).toHaveLength(2);
    await page.getByRole('button', { name: c.incidents.notifySubjects }).click();
    await expect(page.getByText(/Subjects notified/)).toBeVisible();
    const mails = await waitForEmails(subject.email, 1);
    expect(mails.some((m) => m.subject === messages.kk.email.breachNotice.subject)).toBe(true);
  });

  test('[BREACH] Art. 25(2)(8): a breach without identified subjects still owes the notice; subjects are added later', async ({
    page,
  }) => {
    const subject = await createSubject({ locale: 'ru' });
    await signInAs(page, (await createStaff('dpo')).id);
    await page.goto('/ru/admin/incidents');
    const r = messages.ru.compliance.incidents;
    await expect(page.getByText(r.discoveryHelp)).toBeVisible();
    await page.getByLabel(r.discoveredAt).fill('2026-11-20T09:00');
    await page.getByLabel(r.descriptionKk).fill('Сервер журналы ашық қалды.');
    await page.getByLabel(r.descriptionRu).fill('Журнал сервера оказался открыт.');
    await page.getByLabel(r.measuresKk).fill('Қолжетімділік жабылды.');
    await page.getByLabel(r.measuresRu).fill('Доступ закрыт.');
    await page.getByRole('button', { name: r.submit }).click();
    await expect(page.getByRole('heading', { level: 2, name: r.noticeTitle })).toBeVisible();
    // The Russian page shows the Russian text; the notice to the authorized body is still due.
    await expect(page.getByText('Журнал сервера оказался открыт.')).toBeVisible();
    await expect(page.getByText(r.authorityDue.split('{date}')[0]!.trim())).toBeVisible();
    await expect(page.getByText(r.noSubjectsYet)).toBeVisible();
    await page.getByLabel(r.addSubjects).fill(subject.email);
    await page.getByRole('button', { name: r.addSubjectsSubmit }).click();
    await expect(page.getByRole('button', { name: r.notifySubjects })).toBeVisible();
    await page.getByRole('button', { name: r.notifySubjects }).click();
    const mails = await waitForEmails(subject.email, 1);
    const notice = mails.find((m) => m.subject === messages.ru.email.breachNotice.subject);
    expect(notice?.text).toContain('Доступ закрыт.');
    expect(notice?.text).not.toContain('Қолжетімділік жабылды.');
  });

  test('[DEADLINE] Art. 25(2)(8): the dpo cannot lengthen a statutory deadline, and each deadline names its source', async ({
    page,
  }) => {
    await signInAs(page, (await createStaff('dpo')).id);
    for (const locale of locales) {
      const p = messages[locale].compliance.policies;
      await page.goto(`/${locale}/admin/policies`);
      await expect(page.getByText(p.ceiling)).toBeVisible();
      const access = page
        .getByRole('listitem')
        .filter({ hasText: messages[locale].compliance.policies.codes.ACCESS })
        .first();
      await expect(access.getByText(/395/).first()).toBeVisible();
    }
    // A longer deadline than the statute is refused with a message, and nothing changes.
    const p = messages.en.compliance.policies;
    await page.goto('/en/admin/policies');
    const rectify = page.getByRole('listitem').filter({ hasText: p.codes.RECTIFY }).first();
    const days = rectify.getByLabel(p.workingDays, { exact: true });
    await days.evaluate((input: HTMLInputElement) => input.removeAttribute('max'));
    await days.fill('5');
    await rectify.getByRole('button', { name: p.save }).click();
    await expect(page.getByText(messages.en.backoffice.request.errors.beyondStatute)).toBeVisible();
  });

  test('[AUDIT] the auditor searches the trail by subject, sees the chain and its seals are intact, and where each request came from', async ({
    page,
  }) => {
    const auditor = await createStaff('auditor');
    await signInAs(page, auditor.id);
    await page.goto(`/en/admin/audit?subject=${encodeURIComponent('aigul@example.kz')}`);
    await expect(page.getByRole('cell', { name: messages.en.activity.actions.consent_given }).first()).toBeVisible();
    await page.getByRole('link', { name: c.audit.verify }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Intact' })).toBeVisible();
    // A fresh installation has sealed no day yet (the first seal is made after midnight).
    await expect(page.getByRole('status').filter({ hasText: c.audit.sealsNone })).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: c.audit.export }).click();
    const csv = await (await download).path().then((file) => readFileSync(file, 'utf8'));
    expect(csv).toMatch(/,client_address,user_agent\r\n/);
    // The export itself is recorded, with the auditor's address and browser, shown to staff.
    await page.goto(`/en/admin/audit?actor=${encodeURIComponent(auditor.email)}`);
    await expect(page.getByRole('columnheader', { name: c.audit.client })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: messages.en.activity.actions.data_exported });
    await expect(row.getByRole('cell').last()).toContainText(/127\.0\.0\.1.*Chrome/);
  });

  for (const locale of locales) {
    test(`[PRIVACY] the privacy notice is generated from the inventory, in ${locale}`, async ({ page }) => {
      const t = messages[locale].compliance.privacy;
      await page.goto(`/${locale}/privacy`);
      await expect(page.getByRole('heading', { level: 1, name: t.title })).toBeVisible();
      for (const section of [
        t.categoriesTitle,
        t.purposesTitle,
        t.recipientsTitle,
        t.crossBorderTitle,
        t.storageTitle,
        t.complainTitle,
      ]) {
        await expect(page.getByRole('heading', { name: section })).toBeVisible();
      }
      await expect(page.getByText(/TalentBridge GmbH/).first()).toBeVisible();
    });
  }
});
