import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { auditEvents, subjectAuditEvents } from '@/db/schema/audit';
import { requests } from '@/db/schema/requests';
import { dataItems } from '@/db/schema/subjects';
import {
  createStaff,
  createSubject,
  db,
  expect,
  formatMessage,
  locales,
  messages,
  signInAs,
  signInAsSubject,
  signInLinkOf,
  test,
  waitForEmails,
} from './fixtures';
import { carryOutByHand } from './execution';

const en = messages.en;
const b = en.backoffice;
const pdf = { name: 'diploma.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 diploma scan') };

/** A subject files a request through the portal, as in real life, and the test gets its id. */
async function fileAsSubject(
  browser: import('@playwright/test').Browser,
  subject: { id: string; email: string },
  fill: (page: import('@playwright/test').Page) => Promise<void>,
  slug: string,
) {
  const page = await browser.newPage();
  await signInAsSubject(page, subject);
  await page.goto(`/en/me/requests/new/${slug}`);
  await fill(page);
  await page.getByRole('button', { name: en.requests.form.submit }).click();
  await expect(page).toHaveURL(/filed=1/);
  const id = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.close();
  const [request] = await db.select().from(requests).where(eq(requests.id, id));
  return request!;
}

test.describe('[BACKOFFICE] the operator works the queue', () => {
  test('[RECTIFY] an agent takes, messages and executes a rectification; the subject sees the new value', async ({
    page,
    browser,
  }) => {
    const subject = await createSubject({ locale: 'en' });
    const request = await fileAsSubject(
      browser,
      subject,
      async (p) => {
        await p.getByRole('checkbox', { name: /^Phone numbers/ }).check();
        await p.getByLabel(`${en.requests.form.newValue} — Phone numbers`).fill('+7 707 444 55 66');
        await p.getByLabel(en.requests.form.files).setInputFiles(pdf);
      },
      'rectify',
    );

    await signInAs(page, (await createStaff('agent')).id);
    await page.goto(`/en/admin/requests?q=${request.reference}`);
    await page.getByRole('link', { name: request.reference }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(request.reference);
    await expect(page.getByRole('cell', { name: '+7 707 444 55 66' })).toBeVisible();
    await page.getByRole('button', { name: b.request.take }).click();
    await expect(page.getByText(en.requestState.IN_PROGRESS).first()).toBeVisible();
    await page.getByLabel(b.request.messageTitle).fill('We have your diploma scan, thank you.');
    await page.getByRole('button', { name: b.request.send }).click();
    await expect(page.getByText('We have your diploma scan, thank you.')).toBeVisible();
    await page.getByLabel(b.request.outcome).fill('Your phone number is corrected.');
    await page.getByRole('button', { name: b.request.execute }).click();
    await carryOutByHand(page);

    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    await subjectPage.goto('/en/me');
    await subjectPage.getByText(en.me.reveal).nth(0).click();
    await expect(subjectPage.getByText('+7 707 444 55 66')).toBeVisible();
    await subjectPage.goto(`/en/me/requests/${request.id}`);
    await expect(
      subjectPage.getByRole('definition').getByText(en.requestState.COMPLETED, { exact: true }),
    ).toBeVisible();
    await expect(subjectPage.getByText('Your phone number is corrected.').first()).toBeVisible();
    await expect(subjectPage.getByText('We have your diploma scan, thank you.')).toBeVisible();
    // Art. 8-2: the agent's view of the data is in the subject's activity.
    await subjectPage.goto('/en/me/activity');
    await expect(subjectPage.getByText(en.activity.actions.data_viewed).first()).toBeVisible();
    await expect(subjectPage.getByText(en.activity.actions.data_changed).first()).toBeVisible();
  });

  test('[DESTROY] Art. 1(6): a destroyed value leaves no trace on any page, export or download', async ({
    page,
    browser,
  }) => {
    // Two requests, each carried out in the portal and then in the CRM: more than the default time.
    test.slow();
    const subject = await createSubject({ locale: 'en' });
    const first = await fileAsSubject(
      browser,
      subject,
      async (p) => {
        await p.getByRole('checkbox', { name: /^Phone numbers/ }).check();
        await p.getByLabel(`${en.requests.form.newValue} — Phone numbers`).fill('+7 705 987 65 43');
        await p.getByLabel(en.requests.form.files).setInputFiles(pdf);
      },
      'rectify',
    );
    await signInAs(page, (await createStaff('dpo')).id);
    await page.goto(`/en/admin/requests/${first.id}`);
    await page.getByRole('button', { name: b.request.execute }).click();
    await carryOutByHand(page);

    const destroy = await fileAsSubject(
      browser,
      subject,
      async (p) => {
        await p.getByRole('checkbox', { name: /^Phone numbers/ }).check();
        await p.getByLabel(en.requests.form.reason).fill('Please delete my phone number.');
      },
      'destroy',
    );
    await page.goto(`/en/admin/requests/${destroy.id}`);
    await page.getByRole('button', { name: b.request.execute }).click();
    await carryOutByHand(page);

    const [phone] = await db
      .select()
      .from(dataItems)
      .where(and(eq(dataItems.subjectId, subject.id), eq(dataItems.state, 'destroyed')));
    expect(phone?.value).toBeNull();
    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    for (const path of ['/en/me', `/en/me/requests/${first.id}`, `/en/me/requests/${destroy.id}`, '/en/me/activity']) {
      await subjectPage.goto(path);
      await expect(subjectPage.locator('main')).not.toContainText('+7 705 987 65 43');
      await expect(subjectPage.locator('main')).not.toContainText('+7 701 000 00 00');
    }
    for (const format of ['json', 'csv']) {
      const body = await (await subjectPage.request.get(`/en/me/export/${format}`)).text();
      expect(body).not.toContain('+7 705 987 65 43');
      expect(body).not.toContain('+7 701 000 00 00');
    }
    await page.goto(`/en/admin/requests/${first.id}`);
    await expect(page.locator('main')).not.toContainText('+7 705 987 65 43');
    await expect(page.getByText(b.request.erased.replace('{name}', pdf.name))).toBeVisible();
  });

  test('[REFUSAL] Art. 25(2)(7): a reasoned refusal reaches the subject by e-mail in their language', async ({
    page,
    browser,
  }) => {
    const subject = await createSubject({ locale: 'kk' });
    const request = await fileAsSubject(
      browser,
      subject,
      async (p) => {
        await p.getByRole('checkbox', { name: /^Phone numbers/ }).check();
        await p.getByLabel(en.requests.form.reason).fill('Жойыңыз.');
      },
      'destroy',
    );
    await signInAs(page, (await createStaff('agent')).id);
    await page.goto(`/ru/admin/requests/${request.id}`);
    await page.getByLabel(messages.ru.backoffice.request.reason).selectOption('law_requires_processing');
    await expect(page.getByLabel(messages.ru.backoffice.request.legalBasis)).not.toHaveValue('');
    await page.getByRole('button', { name: messages.ru.backoffice.request.refuse }).click();
    await expect(page.getByText(messages.ru.backoffice.request.closed)).toBeVisible();
    // A refusal of a DESTROY is «уәжді бас тарту»; only an ACCESS refusal is a reasoned answer.
    const refused = /other \{([^}]*)\}/.exec(messages.kk.email.requestUpdate.what.refused)![1]!;
    const mail = (await waitForEmails(subject.email, 2)).find(
      (m) => m.subject.includes(request.reference) && m.subject.includes(refused),
    );
    expect(mail, 'refusal e-mail in Kazakh').toBeTruthy();
    expect(mail!.text).toContain(messages.kk.requests.refusalReasons.law_requires_processing);
    expect(mail!.text).toContain('94-V Заң, 8-бап 2-тармақ; 12-бап 2-тармақ');
  });

  test('[EXECUTE] two staff on one request: the second gets a clear message, nothing happens twice', async ({
    page,
    browser,
  }) => {
    const subject = await createSubject();
    const request = await fileAsSubject(browser, subject, async () => {}, 'access');
    await signInAs(page, (await createStaff('agent')).id);
    const second = await browser.newPage();
    await signInAs(second, (await createStaff('dpo')).id);
    await page.goto(`/en/admin/requests/${request.id}`);
    await second.goto(`/en/admin/requests/${request.id}`);
    await page.getByRole('button', { name: b.request.execute }).click();
    await expect(page.getByText(b.request.closed)).toBeVisible();
    await second.getByRole('button', { name: b.request.execute }).click();
    await expect(second.getByText(b.request.errors.stale)).toBeVisible();
    // Art. 24(1)(1): the statement is attached to the answer the subject reads.
    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    await subjectPage.goto(`/en/me/requests/${request.id}`);
    const download = subjectPage.waitForEvent('download');
    await subjectPage.getByRole('link', { name: `statement-${request.reference}.pdf` }).click();
    expect((await download).suggestedFilename()).toBe(`statement-${request.reference}.pdf`);
    const executed = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, request.id), eq(auditEvents.action, 'data_exported')));
    expect(executed).toHaveLength(1);
  });

  test('[QUEUE] filters and search live in the URL; the dpo assigns requests in bulk', async ({ page, browser }) => {
    const subject = await createSubject({ fullName: 'Бекзат Уникалов' });
    const one = await fileAsSubject(browser, subject, async () => {}, 'access');
    await signInAs(page, (await createStaff('dpo')).id);
    const agent = await createStaff('agent');
    await page.goto('/en/admin/requests');
    await page.getByLabel(b.queue.search).fill('Уникалов');
    await page.getByRole('button', { name: b.queue.apply }).click();
    await expect(page).toHaveURL(/q=%D0%A3%D0%BD/);
    await expect(page.getByRole('link', { name: one.reference })).toBeVisible();
    await page.getByRole('checkbox', { name: b.queue.select.replace('{reference}', one.reference) }).check();
    await page.getByLabel(b.queue.assignSelected).selectOption(agent.id);
    await page.getByRole('button', { name: b.queue.assign }).click();
    await expect(page.getByRole('status')).toContainText('1');
    const [assigned] = await db.select().from(requests).where(eq(requests.id, one.id));
    expect(assigned?.assigneeId).toBe(agent.id);
    await page.goto(`/en/admin/requests?q=${one.reference}&state=all`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: b.queue.export, exact: true }).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  });

  test('[QUEUE] Art. 8-2: staff page Next and Previous, sort, find part of a reference, and export names only where allowed', async ({
    page,
    browser,
  }) => {
    // Many loads of a 50-row queue page and its exports: alone ~9 s, beside two other workers and
    // the unit tests in CI it passed the default 30 s (twice on 2 December).
    test.setTimeout(90_000);
    const subject = await createSubject({ fullName: 'Парақ Беттерұлы' });
    // Sixty open requests of one person, all due at the same instant, registered a minute apart:
    // two pages, the order between them kept by the id.
    const base = 100000 + Math.floor(Math.random() * 800000);
    const reference = (i: number) => `2041-${base + i}`;
    const due = new Date(Date.now() + 30 * 86_400_000);
    await db.insert(requests).values(
      Array.from({ length: 60 }, (_, i) => {
        const registeredAt = new Date(Date.now() - (i + 1) * 60_000);
        return {
          reference: reference(i),
          subjectId: subject.id,
          type: i % 2 ? ('ACCESS' as const) : ('DESTROY' as const),
          registeredAt,
          deadlineFrom: registeredAt,
          deadlineWorkingDays: 3,
          dueAt: due,
          originalDueAt: due,
        };
      }),
    );
    const q = subject.email.split('@')[0]!; // part of the address: "subject-1a2b3c4d5e"
    await signInAs(page, (await createStaff('dpo')).id);
    await page.goto('/en/admin/requests');
    await page.getByLabel(b.queue.search).fill(q);
    await page.getByLabel(b.queue.sort).selectOption('-registered');
    await page.getByRole('button', { name: b.queue.apply }).click();
    await expect(page.getByText(formatMessage(b.queue.total, 'en', { count: 60 }), { exact: true })).toBeVisible();
    const references = page.getByRole('table').getByRole('link');
    await expect(references).toHaveCount(50);
    await expect(references.first()).toHaveText(reference(0));
    await page.getByRole('link', { name: b.queue.next }).click();
    await expect(references).toHaveCount(10);
    await expect(references.first()).toHaveText(reference(50));
    await expect(references.last()).toHaveText(reference(59));
    await page.getByRole('link', { name: b.queue.previous }).click();
    await expect(references).toHaveCount(50);
    await expect(references.first()).toHaveText(reference(0));
    await expect(references.last()).toHaveText(reference(49));
    await expect(page.getByRole('link', { name: b.queue.previous })).toHaveCount(0);
    // Oldest first, then by type (ACCESS before DESTROY, the due time shared).
    await page.getByLabel(b.queue.sort).selectOption('registered');
    await page.getByRole('button', { name: b.queue.apply }).click();
    await expect(references.first()).toHaveText(reference(59));
    await page.getByLabel(b.queue.sort).selectOption('type');
    await page.getByRole('button', { name: b.queue.apply }).click();
    await expect(page.getByRole('row').nth(1)).toContainText(en.requestType.ACCESS);
    // The number without its year finds the request.
    await page.getByLabel(b.queue.search).fill(String(base + 7));
    await page.getByRole('button', { name: b.queue.apply }).click();
    await expect(page.getByRole('link', { name: reference(7), exact: true })).toBeVisible();

    // The dpo exports the queue with the subjects' names: the subject sees it, once.
    await page.goto(`/en/admin/requests?q=${q}`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: b.queue.exportNames }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('subject_name');
    expect(csv).toContain(`${reference(0)},Парақ Беттерұлы,DESTROY`);
    expect(csv.split('\r\n').filter((line) => line.startsWith('2041-'))).toHaveLength(60);
    // One event per batch names many subjects (migration 0030): the view shows each subject theirs.
    const events = await db
      .select()
      .from(subjectAuditEvents)
      .where(and(eq(subjectAuditEvents.subjectId, subject.id), eq(subjectAuditEvents.action, 'data_exported')));
    expect(events).toHaveLength(1);
    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    await subjectPage.goto('/en/me/activity');
    await expect(subjectPage.getByText(en.activity.actions.data_exported).first()).toBeVisible();

    // An agent works the same queue and exports it, but never with names.
    const agentPage = await browser.newPage();
    await signInAs(agentPage, (await createStaff('agent')).id);
    await agentPage.goto(`/en/admin/requests?q=${q}`);
    await expect(agentPage.getByRole('link', { name: b.queue.export, exact: true })).toBeVisible();
    await expect(agentPage.getByRole('link', { name: b.queue.exportNames })).toHaveCount(0);
    expect((await agentPage.request.get(`/en/admin/requests/export/names?q=${q}`)).status()).toBe(403);
    const plain = await (await agentPage.request.get(`/en/admin/requests/export?q=${q}`)).text();
    expect(plain).toContain(reference(0));
    expect(plain).not.toContain('Беттерұлы');
  });

  test('[INTAKE] Art. 10(2): a paper request is registered with its real date and scan, and follows the same deadlines', async ({
    page,
  }) => {
    const subject = await createSubject({ fullName: 'Гүлназ Қағазбаева' });
    await signInAs(page, (await createStaff('agent')).id);
    await page.goto('/en/admin/requests/new');
    await page.getByLabel(b.intake.searchLabel).fill('Қағазбаева');
    await page.getByRole('button', { name: b.intake.searchSubmit }).click();
    await page.getByRole('link', { name: b.intake.choose }).click();
    await page.getByRole('link', { name: en.requestType.ACCESS }).click();
    await page.getByLabel(b.intake.receivedAt).fill('2026-11-20T10:30');
    await page.getByLabel(b.intake.scan).setInputFiles({
      name: 'letter.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2]),
    });
    await page.getByRole('button', { name: b.intake.submit }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(en.requestType.ACCESS);
    const [request] = await db.select().from(requests).where(eq(requests.subjectId, subject.id));
    expect(request?.channel).toBe('paper');
    expect(request?.registeredAt.toISOString()).toBe('2026-11-20T05:30:00.000Z');
    // Three working days after Friday 20 November 2026: Mon 23, Tue 24, Wed 25.
    expect(request?.dueAt.toISOString()).toBe('2026-11-25T18:59:59.999Z');
  });
});

test.describe('[ROLES] the back office, page by page, for every role', () => {
  const pages = {
    '/admin': ['agent', 'dpo', 'admin', 'auditor'],
    '/admin/requests': ['agent', 'dpo', 'auditor'],
    '/admin/requests/new': ['agent', 'dpo'],
    '/admin/dashboard': ['dpo', 'auditor'],
    '/admin/calendar': ['dpo'],
    '/admin/audit': ['dpo', 'auditor'],
    '/admin/transfers': ['agent', 'dpo', 'auditor'],
    '/admin/incidents': ['dpo', 'auditor'],
    '/admin/retention': ['dpo', 'auditor'],
    '/admin/staff': ['admin'],
    '/admin/operator': ['admin'],
  } as const;
  for (const [path, allowed] of Object.entries(pages)) {
    test(`[ROLES] ${path}: open to ${allowed.join(', ')}, a 403 for the others`, async ({ page }) => {
      // One browser, each role signed in on its own session in turn (the cookies cleared between):
      // a new browser context for each role loaded and compiled the portal's scripts again, twice
      // the CPU of the page itself.
      for (const role of ['agent', 'dpo', 'admin', 'auditor', 'subject'] as const) {
        await page.context().clearCookies();
        if (role === 'subject') await signInAsSubject(page, await createSubject());
        else await signInAs(page, (await createStaff(role)).id);
        const response = await page.goto(`/en${path}`);
        expect(response?.status(), `${role} on ${path}`).toBe(
          (allowed as readonly string[]).includes(role) ? 200 : 403,
        );
      }
    });
  }

  test('[ROLES] the auditor reads a request but has nothing to press', async ({ page, browser }) => {
    const request = await fileAsSubject(browser, await createSubject(), async () => {}, 'access');
    await signInAs(page, (await createStaff('auditor')).id);
    await page.goto(`/en/admin/requests/${request.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(request.reference);
    await expect(page.getByRole('button')).toHaveText([en.common.signOut]);
  });
});

test.describe('[I18N] the back office in three languages', () => {
  for (const locale of locales) {
    test(`[I18N] the queue, a request and the dashboard in ${locale}`, async ({ page, browser }) => {
      const request = await fileAsSubject(browser, await createSubject(), async () => {}, 'access');
      await signInAs(page, (await createStaff('dpo')).id);
      const t = messages[locale].backoffice;
      await page.goto(`/${locale}/admin/requests`);
      await expect(page.getByRole('heading', { level: 1, name: t.queue.title })).toBeVisible();
      await page.goto(`/${locale}/admin/requests/${request.id}`);
      await expect(page.getByRole('heading', { name: t.request.executeTitle })).toBeVisible();
      await page.goto(`/${locale}/admin/dashboard`);
      await expect(page.getByRole('heading', { level: 1, name: t.dashboard.title })).toBeVisible();
    });
  }
});

test.describe('[STAFF] the admin manages staff accounts and roles', () => {
  test('[STAFF] an admin gives a person the agent role; they sign in by e-mail and are asked to register a second factor', async ({
    page,
    browser,
  }) => {
    await signInAs(page, (await createStaff('admin')).id);
    await page.goto('/en/admin/staff');
    const email = `new-agent-${Date.now()}@e2e.test`;
    await page.getByLabel(messages.en.staff.email).fill(email);
    await page.getByLabel(messages.en.staff.name).fill('Жанна Жаңаева');
    await page.getByLabel(messages.en.staff.role).selectOption('agent');
    await page.getByRole('button', { name: messages.en.staff.save }).click();
    await expect(page.getByText(email)).toBeVisible();

    const agentPage = await browser.newPage();
    await agentPage.goto('/kk/sign-in');
    await agentPage.getByLabel(messages.kk.signIn.emailLabel).fill(email);
    await agentPage.getByRole('button', { name: messages.kk.signIn.submit }).click();
    const [mail] = await waitForEmails(email);
    await agentPage.goto(signInLinkOf(mail!));
    await expect(agentPage).toHaveURL(/\/kk\/sign-in\/second-factor/);
    await expect(agentPage.getByRole('heading', { name: messages.kk.secondFactor.setupTitle })).toBeVisible();
  });
});

test("[OPERATOR] Art. 25(3): the admin keeps the responsible person's contacts, and the home page shows them", async ({
  page,
  browser,
}) => {
  await signInAs(page, (await createStaff('admin')).id);
  await page.goto('/ru/admin/operator');
  const t = messages.ru.operatorProfile;
  await page.getByLabel(t.responsiblePhone).fill('+7 727 355 09 99');
  await page.getByLabel(t.bin).fill('180340012345');
  await page.getByRole('button', { name: t.save }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(messages.ru.backoffice.request.errors.invalid);
  await page.getByLabel(t.bin).fill('180340012346');
  await page.getByRole('button', { name: t.save }).click();
  await expect(page.getByRole('status')).toHaveText(t.saved);
  await page.goto('/ru');
  await expect(page.getByRole('link', { name: '+7 727 355 09 99' })).toBeVisible();
  // A visitor not signed in gets the home page every such visitor shares (lib/http/shared-pages.ts): changed at once too.
  const visitor = await browser.newPage();
  await visitor.goto('/ru');
  await expect(visitor.getByRole('link', { name: '+7 727 355 09 99' })).toBeVisible();
  await visitor.close();
});
