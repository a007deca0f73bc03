import { rateLimits } from '@/db/schema/limits';
import { limitKey, limits, type Limit } from '@/lib/rate-limit';
import {
  createStaff,
  createSubject,
  db,
  expect,
  messages,
  signInAsSubject,
  signInByEmail,
  test,
  uniqueEmail,
} from './fixtures';

/**
 * Issue 14, point 13: whoever a limit refuses is told, in their language, when they may try again:
 * the Kazakhstan time (a 24-hour clock, the minute rounded up) and the minutes until then. Each
 * test fills its window to the limit in the database, at a known instant, so the time is exact.
 */
async function fillWindow(limit: Limit, who: string) {
  const start = new Date();
  await db
    .insert(rateLimits)
    .values({ key: limitKey(limit, who), windowStart: start, hits: limit.hits })
    .onConflictDoUpdate({ target: rateLimits.key, set: { windowStart: start, hits: limit.hits } });
  const opens = Math.ceil((start.getTime() + limit.windowSeconds * 1000) / 60_000) * 60_000;
  return new Intl.DateTimeFormat('en', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Asia/Almaty',
  }).format(opens);
}

test.describe('[LIMITS] a limit says when to try again, in the page language and Kazakhstan time', () => {
  test('[LIMITS] sign-in links past the limit: kk names the time and the minutes, and nothing says whether the address is known', async ({
    page,
  }) => {
    // An address nobody holds: the answer is the one a known address gets.
    const email = uniqueEmail('limited-kk');
    const time = await fillWindow(limits.signInPerAddress, email);
    await page.goto('/kk/sign-in');
    await page.getByLabel(messages.kk.signIn.emailLabel).fill(email);
    await page.getByRole('button', { name: messages.kk.signIn.submit }).click();
    await expect(
      page.getByText(
        new RegExp(
          `^Кіру сілтемесі тым жиі сұралды\\. Қайталап көруге болатын уақыт: ${time} \\(1[56] минуттан кейін\\)\\.$`,
        ),
      ),
    ).toBeVisible();
  });

  test('[LIMITS] second-factor codes past the limit: the refusal in kk gives the time to come back', async ({
    page,
  }) => {
    const dpo = await createStaff('dpo');
    await signInByEmail(page, dpo.email, 'kk');
    const time = await fillWindow(limits.secondFactorPerUser, dpo.id);
    await page.getByLabel(messages.kk.secondFactor.codeLabel).fill('000000');
    await page.getByRole('button', { name: messages.kk.secondFactor.submit }).click();
    await expect(
      page.getByText(
        new RegExp(
          `^Тым көп талпыныс жасалды\\. Қайталап көруге болатын уақыт: ${time} \\(1[56] минуттан кейін\\)\\.$`,
        ),
      ),
    ).toBeVisible();
  });

  test('[LIMITS] a subject filing past the hourly limit is told in ru when they can file again (Russian plural)', async ({
    page,
  }) => {
    const subject = await createSubject({ locale: 'ru' });
    await signInAsSubject(page, subject);
    const time = await fillWindow(limits.filingPerSubject, subject.id);
    await page.goto('/ru/me/requests/new/access');
    await page.getByRole('button', { name: messages.ru.requests.form.submit }).click();
    // 60 or 61 minutes: "минуту" for 61, "минут" for 60.
    await expect(
      page.getByText(new RegExp(`Попробовать снова можно в ${time} \\(через (60 минут|61 минуту)\\)\\.$`)),
    ).toBeVisible();
  });
});
