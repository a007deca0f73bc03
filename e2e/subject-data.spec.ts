import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { consents as consentsTable } from '@/db/schema/consents';
import { dataCategories } from '@/db/schema/inventory';
import { operatorProfile } from '@/db/schema/operator';
import { requestEvents, requestItems, requests } from '@/db/schema/requests';
import { dataItemPurposes, dataItems } from '@/db/schema/subjects';
import { recordAudits, type AuditInput } from '@/lib/audit/record';
import { createSubject, db, expect, formatMessage, locales, messages, signInAsSubject, test } from './fixtures';

const en = messages.en;

/** The time on an Almaty clock now, as a Date whose UTC fields read it (as a spreadsheet's date cell does). */
const almatyNow = () => new Date(Date.now() + 5 * 3_600_000);

/** Clicks a download link as a person does and gives the file's bytes. */
async function downloadByLink(page: Page, name: string, fileName: RegExp): Promise<Buffer> {
  const started = page.waitForEvent('download');
  await page.getByRole('link', { name, exact: true }).click();
  const download = await started;
  expect(download.suggestedFilename()).toMatch(fileName);
  return readFile((await download.path())!);
}

/** Each worksheet of an XLSX file with its rows of cell values. */
async function xlsxOf(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: sheet.name, rows };
  });
}

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
    await expect(education.getByText(en.me.automated)).toBeVisible();
    // Each purpose is described once, under "Purposes of processing"; the item links to its purposes.
    const links = await education
      .locator('a[href^="#purpose-"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    const described = page.locator(links.map((href) => `li${href}`).join(', '));
    await expect(described.getByText(/TalentBridge GmbH.*Germany.*cross-border/)).toBeVisible();
    await expect(
      page.locator('section', { has: page.getByRole('heading', { name: en.me.purposesTitle }) }).locator(described),
    ).not.toHaveCount(0);
  });

  test('[DOWNLOAD] my data as PDF, Excel, CSV and JSON, each download in my activity', async ({ page }) => {
    const subject = await createSubject({ locale: 'kk' });
    await signInAsSubject(page, subject);
    await page.goto('/kk/me');
    for (const [label, extension] of [
      [messages.kk.me.downloadPdf, 'pdf'],
      [messages.kk.me.downloadXlsx, 'xlsx'],
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
    expect(exports).toHaveLength(4);
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

  test('[ACCESS] Art. 24(1)(1): my data opens in columns in Excel in Russian — XLSX, and CSV split on semicolons — with the storage location, the consents and Almaty times', async ({
    page,
  }) => {
    const ru = messages.ru;
    const subject = await createSubject({ locale: 'ru', consents: [{ purpose: 'newsletter' }] });
    await signInAsSubject(page, subject);
    await page.goto('/ru/me');
    const now = almatyNow();

    const workbook = await xlsxOf(await downloadByLink(page, ru.me.downloadXlsx, /\.xlsx$/));
    expect(workbook.map((sheet) => sheet.name)).toEqual([
      ru.statement.title.slice(0, 31),
      ru.statement.dataTitle,
      ru.statement.consentsTitle,
    ]);
    const [about, data, consents] = workbook;
    const issued = about!.rows.find((row) => row[0] === ru.statement.issuedAt)![1] as Date;
    // A date cell on an Almaty clock: within two minutes of the time in Almaty now.
    expect(Math.abs(issued.getTime() - now.getTime())).toBeLessThan(120_000);
    expect(about!.rows).toContainEqual([ru.downloads.timeZone, ru.downloads.almatyTime]);
    expect(about!.rows).toContainEqual([
      ru.statement.storage,
      'Центр обработки данных в г. Алматы, Республика Казахстан',
    ]);
    expect(data!.rows[0]!.slice(0, 3)).toEqual([ru.statement.category, ru.statement.value, ru.statement.state]);
    expect(data!.rows.flat()).toContain('+7 701 000 00 00');
    expect(consents!.rows[0]![0]).toBe(ru.consents.purposes);
    const [consent] = await db.select().from(consentsTable).where(eq(consentsTable.subjectId, subject.id));
    expect(consents!.rows.flat()).toContain(consent!.evidenceSha256);

    const csv = await downloadByLink(page, ru.me.downloadCsv, /\.csv$/);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(csv, { bom: true, delimiter: ';' }) as string[][];
    expect(rows.find((row) => row[0] === ru.statement.category)!.slice(0, 3)).toEqual([
      ru.statement.category,
      ru.statement.value,
      ru.statement.state,
    ]);
    expect(rows.flat()).toContain('Центр обработки данных в г. Алматы, Республика Казахстан');
    expect(rows.flat()).toContain(consent!.evidenceSha256);
    const issuedText = rows.find((row) => row[0] === ru.statement.issuedAt)![1]!;
    expect(issuedText).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(Math.abs(new Date(`${issuedText.replace(' ', 'T')}:00Z`).getTime() - now.getTime())).toBeLessThan(120_000);
  });

  for (const locale of locales) {
    test(`[ACCESS] Art. 24(1)(1): I download my requests and our correspondence — all from My requests, one from its page (${locale})`, async ({
      page,
    }) => {
      const t = messages[locale];
      const subject = await createSubject({ locale });
      await signInAsSubject(page, subject);
      await page.goto(`/${locale}/me/requests/new`);
      await page
        .getByRole('link', { name: new RegExp(`^${t.requests.types.ACCESS.title.replace(/[()/]/g, '.')}`) })
        .click();
      await page.getByRole('button', { name: t.requests.form.submit }).click();
      await expect(page).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}\?filed=1$/);
      const requestId = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      const [request] = await db.select().from(requests).where(eq(requests.id, requestId));
      await page.getByLabel(t.requests.detail.reply).fill('Please send it by e-mail.');
      await page.getByRole('button', { name: t.requests.detail.send }).click();
      await expect(page.getByText(t.requests.detail.sent)).toBeVisible();
      // The operator answers; its internal note stays internal.
      await db.insert(requestEvents).values([
        { requestId, kind: 'message', visibility: 'subject', actorRole: 'agent', body: 'We will send it today.' },
        { requestId, kind: 'note', visibility: 'internal', actorRole: 'agent', body: 'INTERNAL NOTE' },
      ]);
      await page.reload();

      // This request, from its page, as Excel: the request, then its timeline and messages.
      const one = await xlsxOf(
        await downloadByLink(page, t.downloads.requestXlsx, new RegExp(`^request-${request!.reference}\\.xlsx$`)),
      );
      expect(one.map((sheet) => sheet.name)).toEqual([
        t.downloads.about,
        t.requests.title,
        t.downloads.eventsTitle.slice(0, 31),
      ]);
      expect(one[1]!.rows[1]![0]).toBe(request!.reference);
      expect(one[1]!.rows[1]![1]).toBe(t.requests.types.ACCESS.title);
      const timeline = one[2]!.rows;
      expect(timeline[0]).toEqual([
        t.downloads.reference,
        t.downloads.at,
        t.downloads.event,
        t.downloads.from,
        t.downloads.text,
        t.requests.detail.attachments,
      ]);
      const mine = timeline.find((row) => row[4] === 'Please send it by e-mail.')!;
      expect(mine[3]).toBe(t.requests.detail.fromYou);
      expect(Math.abs((mine[1] as Date).getTime() - almatyNow().getTime())).toBeLessThan(300_000);
      const [operator] = await db.select().from(operatorProfile);
      expect(timeline.find((row) => row[4] === 'We will send it today.')![3]).toBe(operator!.name[locale]);
      expect(timeline.flat()).not.toContain('INTERNAL NOTE');

      // All my requests, from My requests, as CSV (split as Excel in this language splits) and JSON.
      await page.goto(`/${locale}/me/requests`);
      const csv = await downloadByLink(page, t.downloads.requestsCsv, /^requests-\d{4}-\d{2}-\d{2}\.csv$/);
      const rows = parse(csv, { bom: true, delimiter: locale === 'en' ? ',' : ';' }) as string[][];
      expect(
        rows.find((row) => row[0] === request!.reference && row[1] === t.requests.types.ACCESS.title),
      ).toBeTruthy();
      expect(rows.find((row) => row[4] === 'We will send it today.')).toBeTruthy();
      expect(csv.toString('utf8')).not.toContain('INTERNAL NOTE');
      const json = JSON.parse((await downloadByLink(page, t.downloads.requestsJson, /\.json$/)).toString('utf8'));
      expect(json.timeZone).toBe('Asia/Almaty');
      expect(json.requests).toHaveLength(1);
      expect(json.requests[0].reference).toBe(request!.reference);
      expect(json.requests[0].registeredAt).toMatch(/\+05:00$/);
      expect(json.requests[0].timeline.map((e: { text: string | null }) => e.text)).toEqual(
        expect.arrayContaining(['Please send it by e-mail.', 'We will send it today.']),
      );

      // Each download is in my activity, as my data's are.
      const exported = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectId, subject.id), eq(auditEvents.action, 'data_exported')));
      expect(exported.map((e) => e.entityType).sort()).toEqual(['request', 'subject', 'subject']);
    });
  }

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

/** The subject's items by category code, as the fixtures made them. */
async function itemsByCode(subjectId: string) {
  const rows = await db
    .select({ id: dataItems.id, categoryId: dataItems.categoryId, code: dataCategories.code })
    .from(dataItems)
    .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
    .where(eq(dataItems.subjectId, subjectId));
  return Object.fromEntries(rows.map((r) => [r.code, r]));
}

const subjectActor = { id: null, role: 'subject' as const };
const agent = { id: null, role: 'agent' as const };

test.describe('[ACTIVITY] Art. 8-2: what each entry concerns, and only the operator’s actions', () => {
  // The filter and the paging are links: they work without a script.
  test.use({ javaScriptEnabled: false });

  test('[ACTIVITY] Art. 8-2: an entry names the data category (never the value), a cancellation reads as one, and a reference links to my request', async ({
    page,
  }) => {
    const subject = await createSubject();
    const items = await itemsByCode(subject.id);
    // Two BLOCK requests as the portal records them (lib/requests/file.ts, subject-actions.ts: the
    // real paths are in lib/activity/feed.test.ts): the first cancelled, the second executed by staff.
    // The specs do not load lib/requests (it reads the message catalogues as modules).
    const fileBlock = async (item: { id: string; categoryId: string }, state: 'REGISTERED' | 'WITHDRAWN') => {
      const now = new Date();
      const [request] = await db
        .insert(requests)
        .values({
          // The reference's format (YYYY-NNNNNN) in a year 9xxx no real request has.
          reference: `9${String(randomBytes(4).readUInt32BE(0) % 1_000_000_000)
            .padStart(9, '0')
            .replace(/^(\d{3})/, '$1-')}`,
          subjectId: subject.id,
          type: 'BLOCK',
          state,
          completedAt: state === 'WITHDRAWN' ? now : null,
          deadlineFrom: now,
          deadlineWorkingDays: 3,
          dueAt: new Date(now.getTime() + 7 * 86_400_000),
          originalDueAt: new Date(now.getTime() + 7 * 86_400_000),
        })
        .returning({ id: requests.id, reference: requests.reference });
      await db
        .insert(requestItems)
        .values({ requestId: request!.id, dataItemId: item.id, categoryId: item.categoryId });
      return request!;
    };
    const cancelled = await fileBlock(items.phone!, 'WITHDRAWN');
    const blocked = await fileBlock(items.education!, 'REGISTERED');
    const about = (request: { id: string; reference: string }) =>
      ({ subjectId: subject.id, entityType: 'request', entityId: request.id, reason: request.reference }) as const;
    await db.transaction((tx) =>
      recordAudits(tx, [
        { actor: subjectActor, action: 'request_filed', ...about(cancelled), details: { type: 'BLOCK' } },
        {
          actor: subjectActor,
          action: 'request_updated',
          ...about(cancelled),
          details: { from: 'REGISTERED', to: 'WITHDRAWN' },
        },
        { actor: subjectActor, action: 'request_filed', ...about(blocked), details: { type: 'BLOCK' } },
        {
          actor: agent,
          action: 'data_blocked',
          subjectId: subject.id,
          entityType: 'data_item',
          entityId: items.education!.id,
          reason: blocked.reference,
        },
      ]),
    );
    await signInAsSubject(page, subject);
    await page.goto('/en/me/activity');

    const entry = (action: string) => page.getByRole('listitem').filter({ hasText: action });
    const blockedEntry = entry(en.activity.actions.data_blocked);
    await expect(blockedEntry.getByText('Data: Education and qualification')).toBeVisible();
    await expect(blockedEntry).not.toContainText('ҚазҰУ');
    await expect(entry(en.activity.requestCancelled)).toHaveCount(1);
    await expect(entry(en.activity.requestCancelled).getByText('Data: Phone numbers')).toBeVisible();
    await expect(page.getByText(en.activity.actions.request_updated)).toHaveCount(0);

    await blockedEntry.getByRole('link', { name: blocked.reference }).click();
    await expect(page).toHaveURL(new RegExp(`/en/me/requests/${blocked.id}$`));
    await page.goto('/en/me/activity');
    await entry(en.activity.requestCancelled).getByRole('link', { name: cancelled.reference }).click();
    await expect(page).toHaveURL(new RegExp(`/en/me/requests/${cancelled.id}$`));

    // The same in Kazakh and Russian: the category's name in the subject's language.
    await page.goto('/ru/me/activity');
    await expect(page.getByText(messages.ru.activity.requestCancelled)).toBeVisible();
    await expect(page.getByText(/^Данные: /).first()).toBeVisible();
    await page.goto('/kk/me/activity');
    await expect(page.getByText(messages.kk.activity.requestCancelled)).toBeVisible();
    await expect(page.getByText(/^Деректер: /).first()).toBeVisible();
  });

  test("[ACTIVITY] Art. 8-2: the filter shows only the operator's actions, in the address, through paging and a reload", async ({
    page,
  }) => {
    const subject = await createSubject();
    // Sixty of the operator's views among a hundred and twenty of the subject's sign-ins.
    const signIn: AuditInput = { actor: subjectActor, action: 'signed_in', subjectId: subject.id, entityType: 'user' };
    const view: AuditInput = {
      actor: agent,
      action: 'data_viewed',
      subjectId: subject.id,
      entityType: 'subject',
      entityId: subject.id,
    };
    await db.transaction((tx) => recordAudits(tx, Array.from({ length: 60 }, () => [signIn, signIn, view]).flat()));
    await signInAsSubject(page, subject);
    await page.goto('/en/me/activity');
    await expect(page.getByText(en.activity.actions.signed_in).first()).toBeVisible();

    // Named by the message alone: no punctuation glued to a label in the markup.
    const filter = page.getByRole('navigation', { name: en.activity.filterLabel, exact: true });
    await filter.getByRole('link', { name: en.activity.filters.operator }).click();
    await expect(page).toHaveURL(/\/en\/me\/activity\?by=operator$/);
    await expect(filter.getByRole('link', { name: en.activity.filters.operator })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByText(en.activity.actions.data_viewed)).toHaveCount(50);
    await expect(page.getByText(en.activity.actions.signed_in)).toHaveCount(0);

    await page.getByRole('link', { name: en.activity.older }).click();
    await expect(page).toHaveURL(/by=operator&before=\d+/);
    await expect(page.getByText(en.activity.actions.data_viewed)).toHaveCount(10);
    await expect(page.getByText(en.activity.actions.signed_in)).toHaveCount(0);
    await page.reload();
    await expect(page.getByText(en.activity.actions.data_viewed)).toHaveCount(10);
    await expect(page.getByText(en.activity.actions.signed_in)).toHaveCount(0);

    await page.getByRole('link', { name: en.activity.newest }).click();
    await expect(page).toHaveURL(/\/en\/me\/activity\?by=operator$/);
    await filter.getByRole('link', { name: en.activity.filters.all }).click();
    await expect(page).toHaveURL(/\/en\/me\/activity$/);
    await expect(page.getByText(en.activity.actions.signed_in).first()).toBeVisible();
  });
});

test.describe('[MY DATA] Art. 18, 25(2)(8): an item held for no purpose', () => {
  test('[MY DATA] Art. 18, 25(2)(8): an item held for no purpose offers "Request its destruction", which opens the DESTROY form with it ticked', async ({
    page,
  }) => {
    const subject = await createSubject();
    const other = await createSubject();
    const items = await itemsByCode(subject.id);
    const othersItems = await itemsByCode(other.id);
    // Every purpose the education item served has ended; the phone still serves its purposes.
    await db
      .update(dataItemPurposes)
      .set({ endedAt: new Date() })
      .where(inArray(dataItemPurposes.dataItemId, [items.education!.id]));
    await signInAsSubject(page, subject);
    await page.goto('/en/me');

    const section = (name: string) => page.locator('section', { has: page.getByRole('heading', { name }) });
    const education = section('Education and qualification');
    await expect(education.getByText(en.me.noPurpose)).toBeVisible();
    await expect(section('Phone numbers').getByRole('link', { name: en.me.requestDestruction })).toHaveCount(0);
    await education.getByRole('link', { name: en.me.requestDestruction }).click();

    await expect(page).toHaveURL(new RegExp(`/en/me/requests/new/destroy\\?item=${items.education!.id}$`));
    await expect(page.getByRole('heading', { name: en.requests.types.DESTROY.title })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: /Education and qualification/ })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: /Phone numbers/ })).not.toBeChecked();

    // Another subject's item id ticks nothing and shows nothing of theirs.
    const response = await page.goto(`/en/me/requests/new/destroy?item=${othersItems.education!.id}`);
    expect(response?.status()).toBe(200);
    for (const box of await page.getByRole('checkbox').all()) await expect(box).not.toBeChecked();
    await expect(page.locator(`input[value="${othersItems.education!.id}"]`)).toHaveCount(0);
  });
  test('[MY DATA] Art. 18: once its destruction is asked for, the item says so and links the request, not a second request', async ({
    page,
  }) => {
    const subject = await createSubject();
    const items = await itemsByCode(subject.id);
    await db
      .update(dataItemPurposes)
      .set({ endedAt: new Date() })
      .where(inArray(dataItemPurposes.dataItemId, [items.education!.id]));
    await signInAsSubject(page, subject);
    await page.goto('/en/me');
    const education = page.locator('section', {
      has: page.getByRole('heading', { name: 'Education and qualification' }),
    });
    await education.getByRole('link', { name: en.me.requestDestruction }).click();
    await page.getByLabel(en.requests.form.reason).fill('No longer needed.');
    await page.getByRole('button', { name: en.requests.form.submit }).click();
    await expect(page).toHaveURL(/filed=1/);
    const id = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const [filed] = await db.select({ reference: requests.reference }).from(requests).where(eq(requests.id, id));
    const reference = filed!.reference;

    await page.goto('/en/me');
    await expect(education.getByRole('link', { name: en.me.requestDestruction })).toHaveCount(0);
    const requested = education.getByRole('link', {
      name: formatMessage(en.me.destructionRequested, 'en', { reference }),
    });
    await requested.click();
    await expect(page).toHaveURL(new RegExp(`/en/me/requests/${id}$`));
  });
});
