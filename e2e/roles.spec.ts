import { createStaff, createSubject, createSubjectUser, expect, locales, messages, signInAs, test } from './fixtures';

test.describe('[ROLES] each role reaches its own area, checked on the server', () => {
  for (const locale of locales) {
    test(`[ROLES] a subject cannot open the admin area: a 403 page in ${locale}`, async ({ page }) => {
      const subject = await createSubject();
      await signInAs(page, await createSubjectUser(subject));
      const response = await page.goto(`/${locale}/admin`);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { name: messages[locale].errors.forbiddenTitle })).toBeVisible();
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin$`));
    });
  }

  for (const role of ['agent', 'dpo', 'admin', 'auditor'] as const) {
    test(`[ROLES] the ${role} lands in the back office after signing in`, async ({ page }) => {
      const staff = await createStaff(role);
      await signInAs(page, staff.id);
      await page.goto('/kk/signed-in');
      await expect(page).toHaveURL(/\/kk\/admin$/);
      await expect(page.getByRole('heading', { name: messages.kk.admin.title })).toBeVisible();
      await expect(page.getByText(messages.kk.admin.lead.replace('{role}', messages.kk.roles[role]))).toBeVisible();
    });
  }

  test('[ROLES] staff cannot open the subject area', async ({ page }) => {
    const dpo = await createStaff('dpo');
    await signInAs(page, dpo.id);
    const response = await page.goto('/en/me');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: messages.en.errors.forbiddenTitle })).toBeVisible();
  });

  test('[ROLES] a subject lands on their data after signing in', async ({ page }) => {
    const subject = await createSubject();
    await signInAs(page, await createSubjectUser(subject));
    await page.goto('/ru/signed-in');
    await expect(page).toHaveURL(/\/ru\/me$/);
  });

  test('[ROLES] an anonymous visitor is sent to sign in from the back office', async ({ page }) => {
    await page.goto('/en/admin');
    await expect(page).toHaveURL(/\/en\/sign-in\?next=%2Fen%2Fadmin/);
  });

  for (const locale of locales) {
    test(`[ROLES] PRODUCT.md: the auditor reads the transfers, breach and retention registers, with nothing to change (${locale})`, async ({
      page,
    }) => {
      const auditor = await createStaff('auditor');
      await signInAs(page, auditor.id);
      const t = messages[locale].compliance;
      const nav = messages[locale].backoffice.nav;
      for (const [path, title, change, link] of [
        ['/admin/transfers', t.transfers.title, t.transfers.submit, nav.transfers],
        ['/admin/incidents', t.incidents.title, t.incidents.submit, nav.incidents],
        ['/admin/retention', t.retention.title, t.retention.run, nav.retention],
      ] as const) {
        const response = await page.goto(`/${locale}${path}`);
        expect(response?.status(), path).toBe(200);
        await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
        await expect(page.getByRole('button', { name: change })).toHaveCount(0);
        await expect(page.getByRole('navigation', { name: nav.label }).getByRole('link', { name: link })).toBeVisible();
      }
    });
  }
});
