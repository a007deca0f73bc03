import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { subjects } from '@/db/schema/subjects';
import { operations } from '@/lib/api/operations';
import { createStaff, db, expect, locales, messages, signInAs, signInAsSubject, test, uniqueEmail } from './fixtures';
import { baseUrl } from './security';

/**
 * [API] Issue 13, points 1 and 2, over HTTP against the built portal: the admin makes a token in
 * the back office (shown once), a system calls the API with it (subjects, items, items:batch, a
 * read), the subject sees each call in their activity as done by the operator's system named by
 * the token, in kk/ru/en (Art. 8-2); the admin revokes it and the next call is refused. Every route
 * under /api/v1 refuses a call without a token with an RFC 9457 problem.
 */
const PROBLEM = 'https://derbes.kz/problems/';
const crmName = { kk: 'Оқушылар CRM жүйесі', ru: 'CRM учащихся', en: 'Learner CRM' } as const;

test.describe("[API] the operator's systems connected", () => {
  test("[API] Art. 8-2: a token made in the back office; a system's calls with it show in the subject's activity; revoked, it is refused", async ({
    page,
    browser,
    playwright,
  }) => {
    test.setTimeout(120_000);
    const en = messages.en.apiAdmin;
    await signInAs(page, (await createStaff('admin')).id);
    await page.goto('/en/admin/api');
    const name = `E2E CRM sync ${randomBytes(3).toString('hex')}`;
    await page.getByLabel(en.create.name).fill(name);
    await page.locator('select[name="system"]').selectOption('crm');
    for (const scope of ['subjects:read', 'subjects:write']) await page.getByRole('checkbox', { name: scope }).check();
    await page.locator('input[name="days"]').fill('30');
    await page.getByRole('button', { name: en.create.submit }).click();
    const shown = page.getByRole('status').filter({ hasText: 'dbs_' });
    await expect(shown).toBeVisible();
    const token = (await shown.textContent())!.match(/dbs_[A-Za-z0-9_-]{43}/)![0];
    // Shown once: the list names it by its first characters only.
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText(token.slice(0, 12));
    expect(await page.content()).not.toContain(token);

    const api = await playwright.request.newContext({
      baseURL: baseUrl(),
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
    });
    const externalId = `E2E-${randomBytes(4).toString('hex')}`;
    const email = uniqueEmail('api');
    const created = await api.put(`/api/v1/subjects/${externalId}`, {
      data: { fullName: 'Әсел Апиқызы', email, language: 'kk' },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(created.status()).toBe(201);
    const item = await api.put(`/api/v1/subjects/${externalId}/items/education`, {
      data: { value: 'ҚазҰУ, бакалавр, 2021', source: 'subject', method: 'manual', collectedAt: '2021-07-01' },
    });
    expect(item.status()).toBe(201);
    const batch = await api.post('/api/v1/items:batch', {
      data: {
        items: [
          { externalId, categoryCode: 'phone', value: '+7 701 123 45 67', source: 'subject', method: 'manual' },
          {
            externalId: 'E2E-NOBODY',
            categoryCode: 'phone',
            value: '+7 701 000 00 00',
            source: 'subject',
            method: 'manual',
          },
        ],
      },
    });
    expect(batch.status()).toBe(200);
    const results = (await batch.json()).results as { status: number; problem?: { type: string } }[];
    expect(results.map((r) => [r.status, r.problem?.type])).toEqual([
      [201, undefined],
      [404, `${PROBLEM}not-found`],
    ]);
    const read = await api.get(`/api/v1/subjects/${externalId}/items`);
    expect(read.status()).toBe(200);
    expect(((await read.json()).items as { categoryCode: string }[]).map((i) => i.categoryCode).sort()).toEqual([
      'education',
      'phone',
    ]);

    const [subject] = await db.select().from(subjects).where(eq(subjects.externalId, externalId));
    const context = await browser.newContext();
    const subjectPage = await context.newPage();
    await signInAsSubject(subjectPage, { id: subject!.id, email });
    for (const locale of locales) {
      const words = messages[locale].activity;
      await subjectPage.goto(`/${locale}/me/activity`);
      const main = subjectPage.getByRole('main');
      await expect(main).toContainText(words.apiActor.replace('{name}', name));
      await expect(main).toContainText(words.fromSystem.data_supplemented.replace('{system}', crmName[locale]));
      await expect(main).toContainText(words.actions.data_viewed);
    }
    await context.close();

    // A revocation cannot be undone: the first press asks, "Yes" revokes.
    await row.getByRole('button', { name: en.tokens.revoke, exact: true }).click();
    await row
      .getByRole('group', { name: en.tokens.revokeQuestion })
      .getByRole('button', { name: en.tokens.revokeConfirm })
      .click();
    // Revoked, the row says so and offers no second revocation.
    await expect(row).toContainText(en.tokens.states.revoked);
    await expect(row.getByRole('button', { name: en.tokens.revoke })).toHaveCount(0);
    const refused = await api.get(`/api/v1/subjects/${externalId}/items`);
    expect(refused.status()).toBe(401);
    expect(refused.headers()['content-type']).toBe('application/problem+json');
    expect((await refused.json()).type).toBe(`${PROBLEM}unauthorized`);
    await api.dispose();
  });

  test('[API] every route under /api/v1 answers a call without a token with 401 problem+json; the document and the notice are open', async ({
    request,
  }) => {
    // The route files, as the build has them: one without its operation fails lib/api's test.
    const root = path.join('app', 'api', 'v1');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }))
        if (entry.isDirectory()) walk(path.join(dir, entry.name));
        else if (entry.name === 'route.ts') files.push(dir);
    };
    walk(root);
    expect(files.length).toBe(new Set(operations.map((op) => op.path)).size);
    const sample: Record<string, string> = {
      externalId: 'E2E-ANYONE',
      categoryCode: 'email',
      id: randomUUID(),
      reference: '2026-000001',
    };
    const wrong: string[] = [];
    for (const op of operations) {
      const url = `/api/v1${op.path.replace(/\{(\w+)\}/g, (_, name: string) => sample[name]!)}`;
      const response = await request.fetch(url, {
        method: op.method.toUpperCase(),
        ...(op.method === 'get' ? {} : { data: {} }),
      });
      const expected = op.scope ? 401 : 200;
      const type = response.headers()['content-type'] ?? '';
      const ok = op.scope
        ? response.status() === 401 && type === 'application/problem+json'
        : response.status() === 200 && /json/.test(type);
      if (!ok) wrong.push(`${op.method} ${url}: ${response.status()} ${type} (expected ${expected})`);
    }
    expect(wrong).toEqual([]);
    const document = await (await request.get('/api/v1/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/items:batch');
  });
});
