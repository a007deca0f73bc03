import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Browser } from '@playwright/test';
import { auditEvents } from '@/db/schema/audit';
import { attachments, requests } from '@/db/schema/requests';
import { refusalTemplates } from '@/lib/backoffice/refusal-templates';
import { createStaff, createSubject, db, expect, messages, signInAs, signInAsSubject, test } from './fixtures';

/**
 * Issue 14, point 11: the staff forms that made people stumble. The audit trail finds a subject by
 * name; intake takes a request by e-mail without a scan; the "other" refusal fills a text too.
 */
const en = messages.en;
const b = en.backoffice;

/** A surname no other test uses: Cyrillic letters, so the search folds their case as it must. */
const uniqueSurname = (stem: string) =>
  stem + Array.from({ length: 6 }, () => 'абвгдеёжзиклмнопрстуфхәіңғүұқөһ'[randomInt(31)]).join('');

/** Yesterday, as the intake form's Kazakhstan-time field takes it. */
const yesterday = () => new Date(Date.now() - 86_400_000 + 5 * 3_600_000).toISOString().slice(0, 16);

async function fileAccess(browser: Browser, subject: { id: string; email: string }) {
  const page = await browser.newPage();
  await signInAsSubject(page, subject);
  await page.goto('/en/me/requests/new/access');
  await page.getByRole('button', { name: en.requests.form.submit }).click();
  await expect(page).toHaveURL(/filed=1/);
  const id = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.close();
  return id;
}

test.describe('[BACKOFFICE] staff forms without friction (issue 14, point 11)', () => {
  test("[AUDIT] the audit trail finds a subject's events by part of their name, in any case", async ({ page }) => {
    const surname = uniqueSurname('Іздеуова');
    const wanted = await createSubject({ fullName: `Зәуре ${surname}` });
    const other = await createSubject({ fullName: `Зәуре ${uniqueSurname('Басқаова')}` });
    for (const subject of [wanted, other])
      await db.insert(auditEvents).values({
        id: 0,
        hash: '',
        actorRole: 'system',
        subjectId: subject.id,
        action: 'data_exported',
        entityType: 'subject',
        entityId: subject.id,
      });
    await signInAs(page, (await createStaff('auditor')).id);
    const c = messages.ru.compliance.audit;
    await page.goto('/ru/admin/audit');
    // Part of the surname, in capitals: Kazakh letters (І, Ә…) fold like any other.
    await page.getByLabel(c.subject).fill(surname.slice(2).toLocaleUpperCase('kk'));
    await page.getByRole('button', { name: c.apply }).click();
    await expect(page).toHaveURL(/subject=/);
    const rows = page.getByRole('row').filter({ hasText: `Зәуре ${surname}` });
    await expect(rows.filter({ hasText: messages.ru.activity.actions.data_exported })).toHaveCount(1);
    await expect(page.getByRole('cell', { name: /Басқаова/ })).toHaveCount(0);
  });

  test('[INTAKE] Art. 10(2): a request by e-mail is registered without a scan; a paper one still needs it', async ({
    page,
  }) => {
    const subject = await createSubject({ fullName: `Гүлнар ${uniqueSurname('Поштаева')}` });
    await signInAs(page, (await createStaff('agent')).id);
    const form = async (channel: 'paper' | 'email') => {
      await page.goto(`/en/admin/requests/new?subject=${subject.id}&type=access`);
      await page.getByRole('combobox', { name: b.intake.channel }).selectOption(channel);
      await page.getByLabel(b.intake.receivedAt).fill(yesterday());
      await page.getByRole('button', { name: b.intake.submit }).click();
    };
    await form('paper');
    await expect(page.getByText(b.intake.errors.scan)).toBeVisible();
    expect(await db.select().from(requests).where(eq(requests.subjectId, subject.id))).toHaveLength(0);

    await form('email');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(en.requestType.ACCESS);
    const [request] = await db.select().from(requests).where(eq(requests.subjectId, subject.id));
    expect(request?.channel).toBe('email');
    expect(await db.select().from(attachments).where(eq(attachments.requestId, request!.id))).toHaveLength(0);
  });

  test('[REFUSAL] Art. 25(2)(7): the "other" reason fills the text in the subject\'s language, and is not sent until its reason is written in', async ({
    page,
    browser,
  }) => {
    const subjects = {
      kk: await createSubject({ locale: 'kk' }),
      ru: await createSubject({ locale: 'ru' }),
      en: await createSubject({ locale: 'en' }),
    };
    const ids = {
      kk: await fileAccess(browser, subjects.kk),
      ru: await fileAccess(browser, subjects.ru),
      en: await fileAccess(browser, subjects.en),
    };
    await signInAs(page, (await createStaff('agent')).id);
    const t = messages.ru.backoffice.request;
    for (const locale of ['ru', 'en', 'kk'] as const) {
      await page.goto(`/ru/admin/requests/${ids[locale]}`);
      await page.getByLabel(t.reason).selectOption('other');
      await expect(page.getByLabel(t.legalBasis)).toHaveValue(refusalTemplates.other.legalBasis[locale]);
      await expect(page.getByLabel(t.refusalText)).toHaveValue(refusalTemplates.other.text[locale]);
    }
    // Sent as it came, the reason still in brackets: refused, and the request stays open.
    await page.getByRole('button', { name: t.refuse }).click();
    await expect(page.getByText(t.errors.templateUnfinished)).toBeVisible();
    const open = await db.select().from(requests).where(eq(requests.id, ids.kk));
    expect(open[0]?.state).not.toBe('REFUSED');
    // The reason written in: refused with that text.
    const text = refusalTemplates.other.text.kk.replace(/\[[^\]]+\]/, 'оқу шарты 2025 жылы бұзылған');
    await page.getByLabel(t.reason).selectOption('other');
    await page.getByLabel(t.refusalText).fill(text);
    await page.getByRole('button', { name: t.refuse }).click();
    await expect(page.getByText(t.closed)).toBeVisible();
    const [refused] = await db
      .select()
      .from(requests)
      .where(and(eq(requests.id, ids.kk), eq(requests.state, 'REFUSED')));
    expect(refused?.refusalText).toBe(text);
  });
});
