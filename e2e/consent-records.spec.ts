import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { auditEvents } from '@/db/schema/audit';
import { consentRecords, consents } from '@/db/schema/consents';
import { purposes } from '@/db/schema/inventory';
import { systemActor } from '@/lib/audit/record';
import { recordConsentEvent } from '@/lib/consents/records';
import { createStaff, createSubject, db, expect, locales, messages, signInAs, signInAsSubject, test } from './fixtures';

/**
 * Issue 11, point 5: consent evidence (Art. 8(4), 25(2)(5)) as ISO/IEC TS 27560 records, downloaded
 * by the subject as a PDF receipt in their language and as JSON-LD (DPV-27560), every past state kept.
 */

const purposeName = async (code: string) =>
  (await db.select({ name: purposes.name }).from(purposes).where(eq(purposes.code, code)))[0]!.name;

/** Clicks a download link and returns the file's name and bytes. */
async function downloadOf(page: Page, click: () => Promise<void>) {
  const download = page.waitForEvent('download');
  await click();
  const file = await download;
  return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
}

test.describe('[CONSENT] consent records and receipts (ISO/IEC TS 27560)', () => {
  for (const locale of locales) {
    test(`[CONSENT] Art. 25(2)(5): I download my consent's receipt as PDF and JSON-LD (${locale})`, async ({
      page,
    }) => {
      const t = messages[locale].consents;
      const subject = await createSubject({ locale, consents: [{ purpose: 'newsletter' }] });
      await signInAsSubject(page, subject);
      await page.goto(`/${locale}/me/consents`);
      const name = (await purposeName('newsletter'))[locale];
      const card = page.locator('section', { has: page.getByRole('heading', { name, exact: true }) }).first();
      await expect(card.getByRole('heading', { name: t.records.title })).toBeVisible();
      await expect(card.getByText(t.records.events.given, { exact: true })).toBeVisible();

      const pdf = await downloadOf(page, () => card.getByRole('link', { name: t.receipt }).click());
      expect(pdf.name).toMatch(/\.pdf$/);
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');

      const jsonld = await downloadOf(page, () => card.getByRole('link', { name: t.records.jsonld }).click());
      expect(jsonld.name).toMatch(/\.jsonld$/);
      const record = JSON.parse(jsonld.body.toString('utf8'));
      expect(record['dct:conformsTo']).toBe('https://w3id.org/dpv/schema/dpv-27560#record');
      expect(record.pii_principal_id).toBe(`urn:uuid:${subject.id}`);
      expect(record.processing.purposes[0].purpose).toBe(name);
      expect(record.events.map((e: { event_state: string }) => e.event_state)).toEqual(['given']);
      const [stored] = await db.select().from(consentRecords).where(eq(consentRecords.subjectId, subject.id));
      expect(record.events[0]['kz:evidence'].sha256).toBe(stored!.sha256);
    });
  }

  test('[CONSENT] Art. 8(4), 24(1)(6): I read the whole publication consent before I can agree', async ({ page }) => {
    const t = messages.en.consents;
    const subject = await createSubject({ fullName: 'Aruzhan Publishova' });
    await signInAsSubject(page, subject);
    await page.goto('/en/me/consents');
    const content = page.getByRole('region', { name: t.publicContent.title });
    await expect(content).toBeVisible();
    for (const label of [
      t.operator,
      t.subjectName,
      t.term,
      t.thirdParty,
      t.crossBorder,
      t.publicSources,
      t.dataList,
      t.publicContent.where,
    ])
      await expect(content.getByRole('term').filter({ hasText: label }).first()).toBeVisible();
    await expect(content.getByText('Aruzhan Publishova')).toBeVisible();

    // Without the explicit confirmation the form does not go.
    await page.getByRole('button', { name: t.publicGive }).click();
    await expect(page.getByText(t.publicGiven)).toHaveCount(0);
    expect(await db.select().from(consents).where(eq(consents.subjectId, subject.id))).toHaveLength(0);

    await page.getByLabel(t.publicContent.confirm).check();
    await page.getByRole('button', { name: t.publicGive }).click();
    await expect(page.getByText(t.publicGiven)).toBeVisible();
    const [record] = await db
      .select()
      .from(consentRecords)
      .where(and(eq(consentRecords.subjectId, subject.id), eq(consentRecords.event, 'publication_given')));
    expect(record?.content).toMatchObject({ publicSources: true, subjectName: 'Aruzhan Publishova' });
    await expect(page.getByText(t.records.events.publication_given, { exact: true })).toBeVisible();
  });

  test('[CONSENT] ISO/IEC TS 27560: after a withdrawal the given state is still downloadable', async ({ page }) => {
    const t = messages.kk.consents;
    const subject = await createSubject({ locale: 'kk', consents: [{ purpose: 'newsletter' }] });
    const [consent] = await db.select().from(consents).where(eq(consents.subjectId, subject.id));
    // The state change a WITHDRAW's execution makes (its own specs drive it through the back office).
    await db.transaction(async (tx) => {
      await tx
        .update(consents)
        .set({ state: 'withdrawn', withdrawnAt: new Date() })
        .where(eq(consents.id, consent!.id));
      await recordConsentEvent(tx, { consentId: consent!.id, event: 'withdrawn', actor: systemActor });
    });
    await signInAsSubject(page, subject);
    await page.goto('/kk/me/consents');
    const history = page.getByRole('region', { name: t.records.title });
    const given = history.getByRole('listitem').filter({ hasText: t.records.events.given });
    await expect(history.getByRole('listitem')).toHaveCount(2);
    await expect(history.getByText(t.records.events.withdrawn, { exact: true })).toBeVisible();
    const pdf = await downloadOf(page, () => given.getByRole('link', { name: t.records.pdfOf }).click());
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  test("[CONSENT] Art. 8-2: staff reading a subject's consent record is audited and shown to the subject", async ({
    page,
  }) => {
    const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
    const [consent] = await db.select().from(consents).where(eq(consents.subjectId, subject.id));
    const agent = await createStaff('agent');
    await signInAs(page, agent.id);
    const response = await page.request.get(`/en/admin/consents/${consent!.id}/record?format=jsonld`);
    expect(response.status()).toBe(200);
    expect((await response.json())['dct:conformsTo']).toBe('https://w3id.org/dpv/schema/dpv-27560#record');
    const [viewed] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, subject.id), eq(auditEvents.action, 'data_viewed')));
    expect(viewed).toMatchObject({ actorId: agent.id, entityType: 'consent', entityId: consent!.id });
  });
});
