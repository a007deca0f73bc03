import { createStaff, expect, locales, messages, signInAs, test } from './fixtures';

/** A message with {version} and {date} as a pattern: "Version 2, approved: 30 November 2026". */
const withVersion = (message: string) =>
  new RegExp(
    message
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace('{version}', '\\d+')
      .replace('{date}', '.+'),
  );

/**
 * [NOTICE] Art. 24–25, ISO/IEC 29184: the privacy notice carries a version number and approval
 * date, every version stays viewable at its stable address, and each version holds every element
 * the Law requires, in Kazakh, Russian and English.
 */
test.describe('[NOTICE] the privacy notice is versioned and complete', () => {
  for (const locale of locales) {
    test(`[NOTICE] Art. 24–25: the notice in force has its version and every required element, in ${locale}`, async ({
      page,
    }) => {
      const t = messages[locale].compliance.privacy;
      await page.goto(`/${locale}/privacy`);
      await expect(page.getByRole('heading', { level: 1, name: t.title })).toBeVisible();
      // "Version N, approved: <date>", never "generated today".
      await expect(page.getByText(withVersion(t.version)).first()).toBeVisible();
      for (const section of [
        t.operatorTitle,
        t.categoriesTitle,
        t.sourcesTitle,
        t.purposesTitle,
        t.recipientsTitle,
        t.crossBorderTitle,
        t.storageTitle,
        t.rightsTitle,
        t.withdrawalTitle,
        t.inWritingTitle,
        t.deadlinesTitle,
        t.freeTitle,
        t.complainTitle,
      ]) {
        await expect(page.getByRole('heading', { name: section })).toBeVisible();
      }
      await expect(page.getByText(t.withdrawalText)).toBeVisible();
      await expect(page.getByText(t.freeText)).toBeVisible();
      await expect(page.getByText(t.complainAkimat)).toBeVisible();
      // Each deadline names its source: ACCESS comes from Rules 395/НҚ p.16.
      await expect(page.getByRole('listitem').filter({ hasText: '395' }).first()).toBeVisible();
      await expect(page.getByText(/TalentBridge GmbH/).first()).toBeVisible();
    });
  }

  test('[NOTICE] Art. 24–25: a new version is published by the dpo, and every version stays viewable in kk, ru and en', async ({
    page,
    browser,
  }) => {
    await signInAs(page, (await createStaff('dpo')).id);
    await page.goto('/en/admin/policies');
    const t = messages.en.compliance.privacy;
    await page.getByLabel(t.publishConfirm).check();
    await page.getByRole('button', { name: t.publish }).click();
    await expect(page.getByText(/Version \d+ is published\./)).toBeVisible();
    const version = Number(
      /Version (\d+) is published/.exec((await page.getByText(/is published/).textContent())!)![1],
    );
    expect(version).toBeGreaterThan(1);

    const visitor = await browser.newPage();
    for (const locale of locales) {
      const l = messages[locale].compliance.privacy;
      await visitor.goto(`/${locale}/privacy/versions`);
      await expect(visitor.getByRole('heading', { level: 1, name: l.versionsTitle })).toBeVisible();
      const links = visitor.getByRole('link', { name: withVersion(l.versionItem) });
      expect(await links.count()).toBeGreaterThanOrEqual(2);
      // Version 1 is past: it says so and links to the version in force.
      await visitor.goto(`/${locale}/privacy/v/1`);
      await expect(visitor.getByRole('heading', { level: 1, name: l.title })).toBeVisible();
      await expect(visitor.getByRole('note')).toBeVisible();
      await expect(visitor.getByRole('link', { name: l.currentLink })).toBeVisible();
      await expect(visitor.getByRole('heading', { name: l.deadlinesTitle })).toBeVisible();
      // The new version is the one in force.
      await visitor.goto(`/${locale}/privacy/v/${version}`);
      await expect(visitor.getByRole('note')).toHaveCount(0);
    }
    await visitor.goto('/en/privacy/v/999999');
    await expect(visitor.getByRole('heading', { level: 1 })).not.toHaveText(t.title);
    await visitor.close();
  });
});
