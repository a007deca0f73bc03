import { and, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { requestRepresentatives } from '@/db/schema/representatives';
import { users } from '@/db/schema/auth';
import { requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import {
  createStaff,
  createSubject,
  db,
  expect,
  giveIin,
  locales,
  messages,
  signInAs,
  signInAsSubject,
  test,
  uniqueEmail,
} from './fixtures';

/**
 * [REPRESENTATIVE] Art. 7(1), 10(2), 24: a parent, guardian or holder of a power of attorney files
 * for the subject, from their own account with the document or on paper through staff; staff
 * confirm the authority before the request is decided; the subject sees who acted for them.
 */
const en = messages.en;
const r = en.representatives;
/** Yesterday, as the intake form's Kazakhstan-time field takes it. */
const yesterday = new Date(Date.now() - 86_400_000 + 5 * 3_600_000).toISOString().slice(0, 16);
const certificate = {
  name: 'birth-certificate.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4 birth certificate'),
};

test.describe('[REPRESENTATIVE] Art. 7(1), 10(2), 24: legal representatives', () => {
  test('[REPRESENTATIVE] Art. 10(2): a parent files for a child with a document; staff confirm the authority before executing; the child sees who filed', async ({
    page,
    browser,
  }) => {
    const parent = await createSubject({ fullName: 'Parent Representative' });
    const child = await createSubject({ fullName: 'Child Represented' });
    const iin = await giveIin(child.id);

    await signInAsSubject(page, parent);
    await page.goto('/en/me/requests/new');
    await page.getByRole('link', { name: r.mine.new }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(r.new.title);
    await page.getByLabel(r.form.representedName).fill('Child Represented');
    await page.getByLabel(r.form.representedIin).fill(iin);
    await page.getByRole('radio', { name: r.relationships.parent }).check();
    await page.getByLabel(r.form.document).setInputFiles(certificate);
    await page.getByRole('button', { name: r.form.submit }).click();
    await expect(page).toHaveURL(/\/en\/me\/representation\/[0-9a-f-]{36}\?filed=1/);
    await expect(page.getByRole('status')).toHaveText(r.detail.filed);
    await expect(page.getByText(r.authority.unverified)).toBeVisible();
    const id = /representation\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const [request] = await db.select().from(requests).where(eq(requests.id, id));
    expect(request!.subjectId, 'the request is the child’s').toBe(child.id);

    // Staff: the authority is unverified, so the request cannot be executed yet.
    const staffPage = await browser.newPage();
    await signInAs(staffPage, (await createStaff('agent')).id);
    await staffPage.goto(`/en/admin/requests/${id}`);
    const section = staffPage.getByRole('region', { name: r.staff.title });
    await expect(section.getByText('Parent Representative')).toBeVisible();
    await expect(section.getByText(r.relationships.parent)).toBeVisible();
    await expect(section.getByText(r.authority.unverified)).toBeVisible();
    await expect(staffPage.getByRole('link', { name: 'birth-certificate.pdf' })).toBeVisible();
    await staffPage.getByRole('button', { name: en.backoffice.request.execute }).click();
    await expect(staffPage.getByText(en.backoffice.request.errors.authorityUnverified)).toBeVisible();
    expect((await db.select().from(requests).where(eq(requests.id, id)))[0]!.state).toBe('REGISTERED');

    await staffPage.getByRole('button', { name: r.staff.confirm }).click();
    await expect(section.getByText(r.authority.confirmed)).toBeVisible();
    await staffPage.getByRole('button', { name: en.backoffice.request.execute }).click();
    await expect(staffPage.getByText(en.backoffice.request.closed)).toBeVisible();
    const [verified] = await db.select().from(requestRepresentatives).where(eq(requestRepresentatives.requestId, id));
    expect(verified!.authority).toBe('confirmed');
    const audited = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'request_updated')));
    expect(audited.some((e) => (e.details as { authority?: string }).authority === 'confirmed')).toBe(true);
    await staffPage.close();

    // The representative follows the answer on their own page.
    await page.goto(`/en/me/representation/${id}`);
    await expect(page.getByRole('definition').getByText(en.requestState.COMPLETED, { exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: /^statement-.*\.pdf$/ })).toBeVisible();

    // The child sees the request in their list, who filed it, and the same in their activity.
    const childPage = await browser.newPage();
    await signInAsSubject(childPage, child);
    await childPage.goto('/en/me/requests');
    await childPage.getByRole('link', { name: new RegExp(request!.reference) }).click();
    const filedBy = r.filedBy
      .replace('{name}', 'Parent Representative')
      .replace('{relationship}', r.relationships.parent);
    await expect(childPage.getByText(filedBy)).toBeVisible();
    await childPage.goto('/en/me/activity');
    await expect(childPage.getByText(filedBy)).toBeVisible();
    await childPage.close();
  });

  test('[REPRESENTATIVE] Art. 24: the representative reaches only what they filed, never the subject’s own pages', async ({
    page,
  }) => {
    const parent = await createSubject({ fullName: 'Parent Prober' });
    const child = await createSubject({ fullName: 'Child Private' });
    const iin = await giveIin(child.id);
    await signInAsSubject(page, parent);
    await page.goto('/en/me/representation/new');
    await page.getByLabel(r.form.representedName).fill('My child');
    await page.getByLabel(r.form.representedIin).fill(iin);
    await page.getByRole('radio', { name: r.relationships.guardian }).check();
    await page.getByLabel(r.form.document).setInputFiles(certificate);
    await page.getByRole('button', { name: r.form.submit }).click();
    await expect(page).toHaveURL(/filed=1/);
    const id = /representation\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    // The name they typed, not the operator's record of the child.
    await expect(page.getByText('My child')).toBeVisible();
    await expect(page.getByText('Child Private')).toHaveCount(0);
    // The request is the child's: the representative's own request pages do not open it.
    expect((await page.request.get(`/en/me/requests/${id}`)).status()).toBe(404);
    await page.goto('/en/me/representation');
    await expect(page.getByText('My child')).toBeVisible();
  });

  test('[REPRESENTATIVE] Art. 24: the representative answers the operator’s request for information, and may cancel', async ({
    page,
    browser,
  }) => {
    const parent = await createSubject({ fullName: 'Parent Answering' });
    const child = await createSubject({ fullName: 'Child Awaiting' });
    const iin = await giveIin(child.id);
    await signInAsSubject(page, parent);
    await page.goto('/en/me/representation/new');
    await page.getByLabel(r.form.representedName).fill('Child Awaiting');
    await page.getByLabel(r.form.representedIin).fill(iin);
    await page.getByRole('radio', { name: r.relationships.power_of_attorney }).check();
    await page.getByLabel(r.form.document).setInputFiles(certificate);
    await page.getByRole('button', { name: r.form.submit }).click();
    await expect(page).toHaveURL(/filed=1/);
    const id = /representation\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // Staff cannot read the power of attorney and ask for a legible copy.
    const staffPage = await browser.newPage();
    await signInAs(staffPage, (await createStaff('agent')).id);
    await staffPage.goto(`/en/admin/requests/${id}`);
    await staffPage.getByLabel(en.backoffice.request.infoTitle).fill('The scan is unreadable; please send it again.');
    await staffPage.getByRole('button', { name: en.backoffice.request.askInfo, exact: true }).click();
    await expect(staffPage.getByText(en.requestState.AWAITING_INFO).first()).toBeVisible();

    // The representative reads the question on their page and answers with the document.
    await page.goto(`/en/me/representation/${id}`);
    await expect(page.getByText('The scan is unreadable; please send it again.')).toBeVisible();
    await page.getByLabel(en.requests.detail.reply).fill('Here is a clearer copy.');
    await page.getByLabel(en.requests.form.files).setInputFiles({ ...certificate, name: 'power-of-attorney.pdf' });
    await page.getByRole('button', { name: en.requests.detail.send }).click();
    await expect(page.getByText(en.requests.detail.sent)).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: 'Here is a clearer copy.' })).toContainText(
      r.detail.fromYou,
    );
    await expect(page.getByRole('link', { name: 'power-of-attorney.pdf' })).toBeVisible();
    expect((await db.select().from(requests).where(eq(requests.id, id)))[0]!.state, 'back in progress').toBe(
      'IN_PROGRESS',
    );

    // Staff see the answer as the representative's; so does the child.
    await staffPage.reload();
    await expect(
      staffPage
        .getByRole('listitem')
        .filter({ hasText: 'Here is a clearer copy.' })
        .getByText(en.backoffice.request.representativeActor),
    ).toBeVisible();
    await staffPage.close();
    const childPage = await browser.newPage();
    await signInAsSubject(childPage, child);
    await childPage.goto(`/en/me/requests/${id}`);
    await expect(
      childPage
        .getByRole('listitem')
        .filter({ hasText: 'Here is a clearer copy.' })
        .getByText(en.requests.detail.fromRepresentative),
    ).toBeVisible();
    await childPage.close();

    // The child no longer wants it: the representative withdraws it while the operator has not acted.
    await page.getByRole('button', { name: en.requests.detail.cancel }).click();
    await page.getByRole('button', { name: en.requests.detail.cancelConfirm }).click();
    await expect(page.getByRole('definition').getByText(en.requestState.WITHDRAWN, { exact: true })).toBeVisible();
    expect((await db.select().from(requests).where(eq(requests.id, id)))[0]!.state).toBe('WITHDRAWN');
  });

  test('[REPRESENTATIVE] Art. 24: a parent the operator holds nothing about files from their own account', async ({
    page,
  }) => {
    const child = await createSubject({ fullName: 'Child Of Stranger' });
    const iin = await giveIin(child.id);
    const email = uniqueEmail('parent');
    const [user] = await db
      .insert(users)
      .values({ email, role: 'subject', emailVerified: new Date() })
      .returning({ id: users.id });
    await signInAs(page, user!.id);
    await page.goto('/en/me/requests');
    await page.getByRole('link', { name: r.mine.title }).click();
    await page.getByRole('link', { name: r.mine.new }).click();
    await page.getByLabel(r.form.yourName).fill('Stranger Parent');
    await page.getByLabel(r.form.representedName).fill('Child Of Stranger');
    await page.getByLabel(r.form.representedIin).fill(iin);
    await page.getByRole('radio', { name: r.relationships.parent }).check();
    await page.getByLabel(r.form.document).setInputFiles(certificate);
    await page.getByRole('button', { name: r.form.submit }).click();
    await expect(page).toHaveURL(/\/en\/me\/representation\/[0-9a-f-]{36}\?filed=1/);
    const [record] = await db.select().from(subjects).where(eq(subjects.email, email));
    expect(record?.userId, 'the account became a subject record').toBe(user!.id);
    const [representative] = await db
      .select()
      .from(requestRepresentatives)
      .where(eq(requestRepresentatives.representativeSubjectId, record!.id));
    expect(representative?.fullName).toBe('Stranger Parent');
  });

  test('[REPRESENTATIVE] Art. 10(2): an IIN with a wrong check digit, one’s own IIN and a missing document are refused with a reason', async ({
    page,
  }) => {
    const parent = await createSubject({ fullName: 'Parent Careless' });
    const own = await giveIin(parent.id);
    await signInAsSubject(page, parent);
    await page.goto('/en/me/representation/new');
    const iinField = page.getByLabel(r.form.representedIin);
    await page.getByLabel(r.form.representedName).fill('Someone');
    await page.getByRole('radio', { name: r.relationships.power_of_attorney }).check();
    await page.getByLabel(r.form.document).setInputFiles(certificate);
    const wrong = `${own.slice(0, 11)}${(Number(own[11]) + 1) % 10}`;
    await iinField.fill(wrong);
    await page.getByRole('button', { name: r.form.submit }).click();
    await expect(page.getByText(r.errors.iin)).toBeVisible();
    await iinField.fill(own);
    await page.getByLabel(r.form.document).setInputFiles(certificate);
    await page.getByRole('button', { name: r.form.submit }).click();
    await expect(page.getByText(r.errors.ownIin)).toBeVisible();
    expect(
      await db.select().from(requestRepresentatives).where(eq(requestRepresentatives.fullName, 'Parent Careless')),
    ).toEqual([]);
  });

  test('[REPRESENTATIVE] Art. 10(2): staff register a paper request with its representative', async ({ page }) => {
    const child = await createSubject({ fullName: 'Child On Paper' });
    await signInAs(page, (await createStaff('agent')).id);
    await page.goto(`/en/admin/requests/new?subject=${child.id}&type=access`);
    await page.getByLabel(en.backoffice.intake.receivedAt).fill(yesterday);
    await page.getByLabel(r.form.name).fill('Guardian On Paper');
    await page.getByLabel(r.form.relationship).selectOption(r.relationships.guardian);
    await page.getByLabel(en.backoffice.intake.scan).setInputFiles(certificate);
    await page.getByRole('button', { name: en.backoffice.intake.submit }).click();
    await expect(page).toHaveURL(/\/en\/admin\/requests\/[0-9a-f-]{36}$/);
    const section = page.getByRole('region', { name: r.staff.title });
    await expect(section.getByText('Guardian On Paper')).toBeVisible();
    await expect(section.getByText(r.staff.onPaper)).toBeVisible();
    await expect(section.getByText(r.authority.unverified)).toBeVisible();

    // Only one of the two fields: the form says which is missing.
    await page.goto(`/en/admin/requests/new?subject=${child.id}&type=access`);
    await page.getByLabel(en.backoffice.intake.receivedAt).fill(yesterday);
    await page.getByLabel(r.form.name).fill('Half Given');
    await page.getByLabel(en.backoffice.intake.scan).setInputFiles(certificate);
    await page.getByRole('button', { name: en.backoffice.intake.submit }).click();
    await expect(page.getByText(r.errors.relationship)).toBeVisible();
    expect(
      await db.select().from(requestRepresentatives).where(eq(requestRepresentatives.fullName, 'Half Given')),
    ).toEqual([]);
  });

  for (const locale of locales) {
    test(`[REPRESENTATIVE] Art. 24: the form and the privacy notice speak ${locale}`, async ({ page }) => {
      const m = messages[locale].representatives;
      const parent = await createSubject({ locale });
      await signInAsSubject(page, parent);
      await page.goto(`/${locale}/me/representation/new`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.new.title);
      await expect(page.getByLabel(m.form.representedName)).toBeVisible();
      await expect(page.getByLabel(m.form.representedIin)).toBeVisible();
      for (const relationship of Object.values(m.relationships))
        await expect(page.getByRole('radio', { name: relationship })).toBeVisible();
      await expect(page.getByLabel(m.form.document)).toBeVisible();
      await page.goto(`/${locale}/privacy`);
      const p = messages[locale].privacy.representatives;
      await expect(page.getByRole('heading', { name: p.title })).toBeVisible();
      await expect(page.getByText(p.verification)).toBeVisible();
    });
  }
});
