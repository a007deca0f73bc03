import { eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { consents } from '@/db/schema/consents';
import { requests } from '@/db/schema/requests';
import { createStaff, createSubject, db, expect, messages, signInAs, signInAsSubject, test } from './fixtures';
import { rawCodes } from './raw-codes';

test.describe('[LANGUAGE] the staff request page prints messages, not codes', () => {
  test('[LANGUAGE] no raw enum value on the staff request page', async ({ page, browser }) => {
    const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    await subjectPage.goto('/en/me/consents');
    const card = subjectPage.locator('section', {
      has: subjectPage.getByRole('heading', { name: 'News about new courses' }),
    });
    await card.getByText(messages.en.consents.withdraw).click();
    await card.getByRole('button', { name: messages.en.consents.withdrawConfirm }).click();
    await expect(subjectPage.getByRole('heading', { level: 1 })).toContainText(
      messages.en.requests.types.WITHDRAW.title,
    );
    await subjectPage.close();
    const [request] = await db.select().from(requests).where(eq(requests.subjectId, subject.id));
    // The state the staff page printed raw before ("(withdrawn)"): the consent as it is once withdrawn.
    await db
      .update(consents)
      .set({ state: 'withdrawn', withdrawnAt: new Date() })
      .where(eq(consents.subjectId, subject.id));

    // A person's name, not the fixture's "E2E dpo", which would read as a printed role code.
    const staff = await createStaff('dpo');
    await db.update(users).set({ name: 'Айгүл Сапарова' }).where(eq(users.id, staff.id));
    await signInAs(page, staff.id);
    for (const locale of ['kk', 'ru'] as const) {
      await page.goto(`/${locale}/admin/requests/${request!.id}`);
      const main = page.getByRole('main');
      await expect(main.getByText(messages[locale].consents.states.withdrawn, { exact: false })).toBeVisible();
      const staffNames = (await db.select({ name: users.name }).from(users)).flatMap((u) => (u.name ? [u.name] : []));
      expect(rawCodes(await main.innerText(), staffNames), locale).toEqual([]);
    }
  });
});
