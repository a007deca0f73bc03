import { expect, locales, messages, portalUrl, test } from './fixtures';

test.describe('[I18N] three languages, the locale always in the URL', () => {
  for (const locale of locales) {
    test(`[I18N] the home page renders in ${locale}`, async ({ page }) => {
      await page.goto(`/${locale}`);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(messages[locale].home.title);
      await expect(page).toHaveTitle(messages[locale].metadata.defaultTitle);
      await expect(page.getByRole('link', { name: messages[locale].common.signIn, exact: true })).toBeVisible();
    });
  }

  for (const [browserLocale, expected] of [
    ['ru-RU', 'ru'],
    ['en-GB', 'en'],
    ['kk-KZ', 'kk'],
    ['fr-FR', 'kk'],
  ] as const) {
    test(`[I18N] / opens in the browser's language: ${browserLocale} → ${expected}`, async ({ browser }) => {
      const context = await browser.newContext({ locale: browserLocale });
      const page = await context.newPage();
      await page.goto('/');
      await expect(page).toHaveURL(new RegExp(`/${expected}$`));
      await context.close();
    });
  }

  test('[I18N] / weighs every language the browser lists', async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: portalUrl() });
    const response = await request.get('/', {
      headers: { 'Accept-Language': 'de-DE,ru;q=0.8,en;q=0.5' },
      maxRedirects: 0,
    });
    expect(response.headers().location).toMatch(/\/ru$/);
    await request.dispose();
  });

  test('[I18N] the language switcher keeps the current page and its query', async ({ page }) => {
    await page.goto('/en/sign-in?next=%2Fen%2Fme');
    await page
      .getByRole('navigation', { name: messages.en.common.language })
      .getByRole('link', { name: 'Русский' })
      .click();
    await expect(page).toHaveURL(/\/ru\/sign-in\?next=%2Fen%2Fme$/);
    await expect(page.getByRole('heading', { name: messages.ru.signIn.title })).toBeVisible();
    await page
      .getByRole('navigation', { name: messages.ru.common.language })
      .getByRole('link', { name: 'Қазақша' })
      .click();
    await expect(page).toHaveURL(/\/kk\/sign-in/);
  });

  test('[I18N] Kazakh letters render in the UI font (Noto Sans)', async ({ page }) => {
    await page.goto('/kk');
    const heading = page.getByRole('heading', { level: 1 });
    expect(await heading.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/^"?Noto Sans"?/);
    const rendered = await page.evaluate(async () => {
      await document.fonts.load('16px "Noto Sans"', 'әғқңөұүһі');
      return document.fonts.check('16px "Noto Sans"', 'әғқңөұүһі ӘҒҚҢӨҰҮҺІ');
    });
    expect(rendered).toBe(true);
  });

  test('[I18N] an unknown page is a localized 404', async ({ page }) => {
    const response = await page.goto('/ru/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: messages.ru.errors.notFoundTitle })).toBeVisible();
  });
});
