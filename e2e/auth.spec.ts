import {
  createStaff,
  createSubject,
  expect,
  messages,
  signInByEmail,
  signInLinkOf,
  test,
  uniqueEmail,
  waitForEmails,
} from './fixtures';

test.describe('[AUTH] sign-in by e-mail link over SMTP', () => {
  test('[AUTH] a subject signs in with the link they receive and sees their data', async ({ page }) => {
    const subject = await createSubject({ locale: 'en', fullName: 'Nurlan Abenov' });
    await signInByEmail(page, subject.email, 'en');
    await expect(page).toHaveURL(/\/en\/me$/);
    await expect(page.getByRole('heading', { name: messages.en.me.title })).toBeVisible();
    await expect(page.getByText('Nurlan Abenov', { exact: true })).toBeVisible();
  });

  test('[AUTH] a staff member signs in with the link and is asked for a second factor before the back office', async ({
    page,
  }) => {
    const agent = await createStaff('agent');
    await signInByEmail(page, agent.email, 'ru');
    await expect(page).toHaveURL(/\/ru\/sign-in\/second-factor/);
    await expect(page.getByRole('heading', { name: messages.ru.secondFactor.setupTitle })).toBeVisible();
  });

  test("[AUTH] the sign-in e-mail is in the subject's chosen language; an unknown address gets the page's", async ({
    page,
  }) => {
    // Issue 11 point 13: every e-mail about the subject follows the language they chose.
    const subject = await createSubject({ locale: 'en' });
    await page.goto('/kk/sign-in');
    await page.getByLabel(messages.kk.signIn.emailLabel).fill(subject.email);
    await page.getByRole('button', { name: messages.kk.signIn.submit }).click();
    const [message] = await waitForEmails(subject.email);
    expect(message!.subject).toBe(messages.en.email.signIn.subject);
    // Someone the operator does not know: the language of the page they asked from.
    const stranger = uniqueEmail('stranger');
    await page.goto('/ru/sign-in');
    await page.getByLabel(messages.ru.signIn.emailLabel).fill(stranger);
    await page.getByRole('button', { name: messages.ru.signIn.submit }).click();
    const [strangers] = await waitForEmails(stranger);
    expect(strangers!.subject).toBe(messages.ru.email.signIn.subject);
  });

  test('[AUTH] Art. 24(1)(1): someone the operator holds nothing about signs in and is told so', async ({ page }) => {
    const stranger = uniqueEmail('stranger');
    await signInByEmail(page, stranger, 'en');
    await expect(page).toHaveURL(/\/en\/me$/);
    await expect(page.getByRole('heading', { name: messages.en.me.nothingHeldTitle })).toBeVisible();
  });

  test('[AUTH] no account enumeration: a known and an unknown address get the same answer', async ({ page }) => {
    const subject = await createSubject();
    const answers: string[] = [];
    for (const email of [subject.email, uniqueEmail('unknown')]) {
      await page.goto('/en/sign-in');
      await page.getByLabel(messages.en.signIn.emailLabel).fill(email);
      await page.getByRole('button', { name: messages.en.signIn.submit }).click();
      await expect(page.getByRole('heading', { name: messages.en.checkEmail.title })).toBeVisible();
      answers.push(`${page.url()}\n${await page.locator('main').innerText()}`);
    }
    expect(answers[0]).toBe(answers[1]);
  });

  test('[AUTH] an invalid address gets a clear message, not an error page', async ({ page }) => {
    await page.goto('/ru/sign-in');
    await page.getByLabel(messages.ru.signIn.emailLabel).fill('not-an-address');
    await page.getByRole('button', { name: messages.ru.signIn.submit }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(messages.ru.signIn.errors.invalidEmail);
  });

  test('[AUTH] a sign-in link works once', async ({ page, browser }) => {
    const subject = await createSubject();
    await signInByEmail(page, subject.email, 'en');
    await expect(page).toHaveURL(/\/en\/me$/);
    const [message] = await waitForEmails(subject.email);
    const other = await browser.newPage();
    await other.goto(signInLinkOf(message!));
    await expect(other.getByRole('main').getByRole('alert')).toHaveText(messages.en.signIn.errors.linkInvalid);
    await expect(other).toHaveURL(/\/sign-in\?error=Verification/);
    await other.close();
  });

  test('[AUTH] an anonymous visitor is sent to sign in and returned to the page they asked for', async ({ page }) => {
    const subject = await createSubject();
    await page.goto('/en/me');
    await expect(page).toHaveURL(/\/en\/sign-in\?next=%2Fen%2Fme/);
    await page.getByLabel(messages.en.signIn.emailLabel).fill(subject.email);
    await page.getByRole('button', { name: messages.en.signIn.submit }).click();
    const [message] = await waitForEmails(subject.email);
    await page.goto(signInLinkOf(message!));
    await expect(page).toHaveURL(/\/en\/me$/);
  });

  test('[AUTH] signing out ends the session', async ({ page }) => {
    const subject = await createSubject();
    await signInByEmail(page, subject.email, 'en');
    await page.getByRole('button', { name: messages.en.common.signOut }).click();
    await expect(page.getByRole('link', { name: messages.en.common.signIn, exact: true })).toBeVisible();
    await page.goto('/en/me');
    await expect(page).toHaveURL(/\/en\/sign-in/);
  });
});
