import { readFileSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { count, eq } from 'drizzle-orm';
import { importRuns } from '@/db/schema/imports';
import { subjects } from '@/db/schema/subjects';
import {
  createStaff,
  createSubject,
  db,
  expect,
  giveIin,
  locales,
  messages,
  signInAs,
  signInAsSubject,
  signInByEmail,
  test,
  uniqueEmail,
} from './fixtures';
import { baseUrl, marker } from './security';

/**
 * Issue 12 point 3: the back office's import. The admin uploads a file, reads the dry run's report
 * (every rejected row by line, with the reason in their language), downloads the rejected rows,
 * starts the import and watches its progress bar to the end; a person the file named then signs
 * in with the e-mail address on file and sees their data (Art. 8-2: what the operator holds
 * about them, at once).
 */
const en = messages.en.importRuns;

/** A valid IIN with its last digit changed: the check digit no longer matches. */
const withWrongCheckDigit = (iin: string) => `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`;

async function signInAdmin(page: Page) {
  const admin = await createStaff('admin');
  await signInAs(page, admin.id);
  return admin;
}

/** Uploads `content` as `name` from the import page, as a person does; the run's page opens. */
async function upload(
  page: Page,
  locale: (typeof locales)[number],
  kind: 'subjects' | 'items',
  name: string,
  content: string,
) {
  const t = messages[locale].importRuns;
  await page.goto(`/${locale}/admin/import`);
  await page.getByRole('radio', { name: t.kinds[kind] }).check();
  await page
    .getByLabel(t.file, { exact: true })
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  await page.getByLabel(t.encoding).selectOption({ label: t.encodings.auto });
  await page.getByRole('button', { name: t.submit }).click();
  await expect(page).toHaveURL(new RegExp(`/${locale}/admin/import/[0-9a-f-]{36}$`));
}

/**
 * Waits for the background runner to bring the run on the page to `heading`. Should it not, the
 * failure shows where the run stopped (its state, attempts, lease and failure) beside the page.
 */
async function waitForRunner(page: Page, heading: string) {
  try {
    await expect(page.getByRole('heading', { name: heading })).toBeVisible({ timeout: 60_000 });
  } catch (error) {
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const [run] = await db
      .select({
        state: importRuns.state,
        attempts: importRuns.attempts,
        lockedBy: importRuns.lockedBy,
        lockedUntil: importRuns.lockedUntil,
        rowsRead: importRuns.rowsRead,
        failure: importRuns.failure,
        updatedAt: importRuns.updatedAt,
      })
      .from(importRuns)
      .where(eq(importRuns.id, id));
    throw new Error(
      `the runner did not bring run ${id} to "${heading}" at ${new Date().toISOString()}: ${JSON.stringify(run)}`,
      {
        cause: error,
      },
    );
  }
}

test.describe("[IMPORT] the back office imports the operator's files", () => {
  test('[IMPORT] Art. 8-2: a dry run lists the bad rows by line, they can be downloaded, the import runs to the end and an imported subject signs in and sees their data', async ({
    page,
    browser,
  }) => {
    // Each file waits its turn in the background runner, which on a loaded CI machine shares its
    // process with the e-mail and webhook workers: up to a minute a step, not twenty seconds.
    test.setTimeout(240_000);
    await signInAdmin(page);
    const id = marker('IMP');
    const email = uniqueEmail('imported');
    const [good, other] = [await giveIin(), await giveIin()];
    const subjectsFile = [
      'external_id,full_name,iin,email,phone,language',
      `${id}-1,Сейітқазы Айгерім,${good},${email},+7 701 555 01 01,kk`,
      `${id}-2,Bad Check Digit,${withWrongCheckDigit(other)},,,ru`,
      `${id}-1,Duplicate Row,,,,en`,
      `${id}-3,${'Ж'.repeat(501)},,,,kk`,
      `${id}-4,Ковалёва Мария,${other},${uniqueEmail('imported')},,ru`,
    ].join('\n');
    await upload(page, 'en', 'subjects', `${id}-subjects.csv`, subjectsFile);

    // The dry run: counts, and each rejected row by line with its reason.
    await waitForRunner(page, en.report.title);
    await expect(page.getByTestId('import-state')).toHaveText(en.states.checked);
    const counts = page.locator('section[aria-labelledby="report"]');
    await expect(counts.locator('[data-count="new"]')).toHaveText('2');
    await expect(counts.locator('[data-count="rejected"]')).toHaveText('3');
    const rejected = page.getByRole('table', { name: en.report.rejectedCaption });
    for (const [line, reason] of [
      ['3', messages.en.import.errors.iin],
      ['4', messages.en.import.errors.duplicateExternalId],
      ['5', messages.en.import.errors.tooLong],
    ] as const) {
      const row = rejected.getByRole('row', { name: new RegExp(`^${line}\\b`) });
      await expect(row).toContainText(reason);
    }
    expect(await db.select({ n: count() }).from(subjects).where(eq(subjects.email, email))).toEqual([{ n: 0 }]);

    // The rejected rows, to correct: the file's columns, then the line and the reason in English.
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: en.report.download }).click();
    const csv = readFileSync((await (await downloading).path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('external_id,full_name,iin,email,phone,language,line,reason');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`${id}-2`);
    expect(lines[1]).toContain(`,3,${messages.en.import.errors.iin}`);
    expect(lines[3]).toContain(`,5,${messages.en.import.errors.tooLong}`);

    // The import, with its progress bar, to the end.
    await page.getByRole('button', { name: en.run.start }).click();
    await waitForRunner(page, en.run.result);
    await expect(page.getByTestId('import-state')).toHaveText(en.states.done);
    const result = page.locator('section[aria-labelledby="result"]');
    await expect(result.locator('[data-count="new"]')).toHaveText('2');
    await expect(result.locator('[data-count="rejected"]')).toHaveText('3');
    await expect(page.getByText(en.run.fileDeleted)).toBeVisible();
    await expect(page.getByRole('link', { name: en.report.download })).toHaveCount(0);

    // Data for the imported subject, from the operator's CRM.
    await upload(
      page,
      'en',
      'items',
      `${id}-items.csv`,
      [
        'external_id,category,value,source,method,collected_at,system,purposes',
        `${id}-1,education,"ҚазҰУ, ${id}",subject,manual,2024-09-02,crm,`,
      ].join('\n'),
    );
    await waitForRunner(page, en.report.title);
    await page.getByRole('button', { name: en.run.start }).click();
    await waitForRunner(page, en.run.result);
    await expect(page.locator('section[aria-labelledby="result"] [data-count="new"]')).toHaveText('1');

    // The past runs, newest first, with who and what.
    await page.goto('/en/admin/import');
    const runs = page.getByRole('table');
    await expect(runs.getByRole('row', { name: new RegExp(`${id}-subjects\\.csv`) })).toContainText(en.states.done);
    await expect(runs.getByRole('row', { name: new RegExp(`${id}-items\\.csv`) })).toContainText(en.kinds.items);

    // The person signs in with the e-mail address on file (the demo mailbox's link) and sees it.
    const subjectPage = await (await browser.newContext()).newPage();
    await signInByEmail(subjectPage, email, 'kk');
    await subjectPage.goto('/kk/me');
    await expect(subjectPage.getByText(`ҚазҰУ, ${id}`)).toBeVisible();
    await subjectPage.goto('/kk/me/activity');
    await expect(subjectPage.getByText(messages.kk.activity.actions.data_supplemented).first()).toBeVisible();
    await subjectPage.context().close();
  });

  for (const locale of locales) {
    test(`[IMPORT] Art. 8-2: the import page and a run's report read in ${locale}`, async ({ page }) => {
      const t = messages[locale].importRuns;
      const admin = await signInAdmin(page);
      await page.goto(`/${locale}/admin/import`);
      await expect(page.getByRole('heading', { level: 1, name: t.title })).toBeVisible();
      await expect(page.getByRole('link', { name: messages[locale].backoffice.nav.import })).toBeVisible();
      await expect(page.getByRole('group', { name: t.kind })).toBeVisible();
      await expect(page.getByLabel(t.file, { exact: true })).toBeVisible();
      await expect(page.getByLabel(t.encoding)).toBeVisible();
      await expect(page.getByRole('button', { name: t.submit })).toBeVisible();
      // A checked run, written directly: the page reads its report in the staff member's language.
      const [run] = await db
        .insert(importRuns)
        .values({
          kind: 'subjects',
          fileName: `${marker('render')}.csv`,
          format: 'csv',
          state: 'checked',
          createdById: admin.id,
          report: {
            encoding: 'windows-1251',
            rows: 3,
            counts: { new: 1, update: 0, same: 0, conflict: 1, rejected: 1 },
            rejected: [{ line: 2, reason: 'email', cells: { external_id: 'R-1', email: 'not-an-address' } }],
            conflicts: [{ line: 3, reason: 'iinOfAnother', externalId: 'R-2' }],
          },
        })
        .returning();
      await page.goto(`/${locale}/admin/import/${run!.id}`);
      await expect(page.getByRole('heading', { name: t.report.title })).toBeVisible();
      await expect(page.getByRole('table', { name: t.report.rejectedCaption })).toContainText(
        messages[locale].import.errors.email,
      );
      await expect(page.getByRole('table', { name: t.report.conflictsCaption })).toContainText(
        messages[locale].import.conflicts.iinOfAnother,
      );
      await expect(page.getByRole('link', { name: t.report.download })).toBeVisible();
      await expect(page.getByRole('button', { name: t.run.start })).toBeVisible();
      // Cancelled: the file and the rejected rows' contents go.
      await page.getByRole('button', { name: t.run.cancel }).click();
      await page
        .getByRole('group', { name: t.run.cancelQuestion })
        .getByRole('button', { name: t.run.cancelConfirm })
        .click();
      await expect(page.getByTestId('import-state')).toHaveText(t.states.cancelled);
      await expect(page.getByText(t.run.fileDeleted)).toBeVisible();
      await expect(page.getByRole('link', { name: t.report.download })).toHaveCount(0);
      const [after] = await db.select().from(importRuns).where(eq(importRuns.id, run!.id));
      expect(after?.state).toBe('cancelled');
      expect(after?.report?.rejected[0]?.cells).toBeUndefined();
    });
  }

  test('[IMPORT] Art. 8-2: the progress bar follows a running import, labelled, and the page shows the result when it ends', async ({
    page,
  }) => {
    const admin = await signInAdmin(page);
    // Leased to a runner elsewhere, so that only this test moves it.
    const [run] = await db
      .insert(importRuns)
      .values({
        kind: 'subjects',
        fileName: `${marker('progress')}.csv`,
        format: 'csv',
        state: 'running',
        createdById: admin.id,
        startedById: admin.id,
        rowsRead: 250,
        lockedBy: 'e2e:elsewhere',
        lockedUntil: new Date(Date.now() + 600_000),
        report: {
          encoding: 'utf-8',
          rows: 1000,
          counts: { new: 1000, update: 0, same: 0, conflict: 0, rejected: 0 },
          rejected: [],
          conflicts: [],
        },
      })
      .returning();
    await page.goto(`/ru/admin/import/${run!.id}`);
    const bar = page.getByRole('progressbar', { name: messages.ru.importRuns.run.importProgress });
    await expect(bar).toHaveAttribute('value', '250');
    await expect(bar).toHaveAttribute('max', '1000');
    // Russian groups thousands with a (narrow) no-break space.
    await expect(page.getByRole('status')).toHaveText(/^Прочитано 250 строк из 1\s?000$/);
    // The words and the bar come from the JSON route polled every second.
    await db.update(importRuns).set({ rowsRead: 501 }).where(eq(importRuns.id, run!.id));
    await expect(bar).toHaveAttribute('value', '501');
    await expect(page.getByRole('status')).toHaveText(/^Прочитана 501 строка из 1\s?000$/);
    await db
      .update(importRuns)
      .set({
        state: 'done',
        rowsRead: 1000,
        finishedAt: new Date(),
        lockedBy: null,
        lockedUntil: null,
        result: {
          encoding: 'utf-8',
          rows: 1000,
          counts: { new: 1000, update: 0, same: 0, conflict: 0, rejected: 0 },
          rejected: [],
          conflicts: [],
        },
      })
      .where(eq(importRuns.id, run!.id));
    await expect(page.getByRole('heading', { name: messages.ru.importRuns.run.result })).toBeVisible();
    await expect(page.locator('section[aria-labelledby="result"] [data-count="new"]')).toHaveText(/1\s?000/);
    await expect(bar).toHaveCount(0);
  });

  test("[SECURITY][IMPORT] only the admin may upload, only from the portal's own page; a hostile file name is stored as text", async ({
    browser,
    playwright,
  }) => {
    const name = marker('upload');
    const runsNamed = async (fileName: string) =>
      (await db.select({ n: count() }).from(importRuns).where(eq(importRuns.fileName, fileName)))[0]!.n;
    const origin = baseUrl().replace(/\/$/, '');
    const post = (request: APIRequestContext, query: string, headers: Record<string, string> = { origin }) =>
      request.post(`/api/admin/import?${query}`, { data: Buffer.from('external_id\nX\n'), headers, maxRedirects: 0 });
    const query = (fileName: string) =>
      new URLSearchParams({ kind: 'subjects', encoding: 'auto', name: fileName }).toString();

    // Anonymous: sent to sign in; a subject and the staff roles without import.run: 403.
    const anonymous = await playwright.request.newContext({ baseURL: baseUrl() });
    expect((await post(anonymous, query(`${name}.csv`))).status()).toBe(307);
    for (const role of ['agent', 'dpo', 'auditor'] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAs(page, (await createStaff(role)).id);
      expect((await post(context.request, query(`${name}.csv`))).status(), role).toBe(403);
      await context.close();
    }
    const subjectContext = await browser.newContext();
    await signInAsSubject(await subjectContext.newPage(), await createSubject());
    expect((await post(subjectContext.request, query(`${name}.csv`))).status()).toBe(403);
    await subjectContext.close();
    expect(await runsNamed(`${name}.csv`)).toBe(0);

    const context = await browser.newContext();
    await signInAdmin(await context.newPage());
    // From another site, or with no Origin at all: refused before anything is read.
    expect((await post(context.request, query(`${name}.csv`), { origin: 'https://evil.example' })).status()).toBe(403);
    expect((await post(context.request, query(`${name}.csv`), {})).status()).toBe(403);
    expect(await runsNamed(`${name}.csv`)).toBe(0);
    // A kind or encoding that is not one of ours: 400.
    expect((await post(context.request, `kind=everything&encoding=auto&name=${name}.csv`)).status()).toBe(400);
    expect((await post(context.request, `kind=subjects&encoding=koi8&name=${name}.csv`)).status()).toBe(400);
    // A file name with folders, controls and bidi characters: kept as the bare name, as text.
    const hostile = await post(context.request, query(`../../etc/\u202E${name}\u0000.csv`));
    expect(hostile.status()).toBe(201);
    const { id } = (await hostile.json()) as { id: string };
    const [stored] = await db.select({ fileName: importRuns.fileName }).from(importRuns).where(eq(importRuns.id, id));
    expect(stored?.fileName).toBe(`${name}.csv`);
    await context.close();
  });
});
