import { createStaff, createSubject, createSubjectUser, expect, signInAs, test } from './fixtures';

/** Pages must be readable on a phone: nothing wider than the screen. */
async function expectNoHorizontalScroll(page: import('@playwright/test').Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('[MOBILE] the public pages fit a phone screen in every language', async ({ page }) => {
  for (const path of ['/kk', '/ru', '/en', '/kk/sign-in', '/ru/sign-in/check-email']) {
    await page.goto(path);
    await expectNoHorizontalScroll(page);
  }
});

test("[MOBILE] the subject's pages and the back office fit a phone screen", async ({ page, context }) => {
  const subject = await createSubject({ locale: 'kk' });
  await signInAs(page, await createSubjectUser(subject));
  for (const path of [
    '/kk/me',
    '/kk/me/consents',
    '/kk/me/requests',
    '/kk/me/requests/new',
    '/kk/me/requests/new/rectify',
    '/kk/me/representation',
    '/kk/me/representation/new',
    '/kk/me/activity',
  ]) {
    await page.goto(path);
    await expectNoHorizontalScroll(page);
  }
  await context.clearCookies();
  await signInAs(page, (await createStaff('dpo')).id);
  await page.goto('/kk/admin');
  await expectNoHorizontalScroll(page);
});
