import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { findIncident } from '@/db/queries/incidents';
import { findOperatorProfile } from '@/db/queries/operator';
import { users } from '@/db/schema/auth';
import { incidents } from '@/db/schema/compliance';
import { outgoingEmails } from '@/db/schema/mail';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { renderBreachNoticePdf } from '@/lib/pdf/breach-notice';
import { notifyIncidentSubjects, recordIncident } from './record';

let t: TestDatabase;
let dpo: Staff;
before(async () => {
  t = await createSeededTestDatabase();
  const [user] = await t.db.select().from(users).where(eq(users.role, 'dpo'));
  dpo = { id: user!.id, role: 'dpo' };
});
after(() => t.drop());

async function text(pdf: Buffer) {
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const page = await document.getPage(1);
  return (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
}

describe('[BREACH] Art. 25(2)(8), last indent: security breaches', () => {
  test('[BREACH] the authorized body is due a notice within one working day of discovery', async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'kk' });
    // Discovered on Friday 13 November 2026, in the evening: due at the end of Monday 16 November.
    const id = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt: new Date('2026-11-13T14:00:00Z'),
        description: 'A laptop with an export was stolen.',
        measures: 'Passwords reset; police notified.',
        subjectIds: [subject.id],
      }),
    );
    const [incident] = await t.db.select().from(incidents).where(eq(incidents.id, id));
    assert.equal(incident?.authorityDueAt.toISOString(), '2026-11-16T18:59:59.999Z');
  });

  test("[BREACH] the notice in Kazakh and Russian carries the responsible person's contacts, the measures and the subjects", async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'ru' });
    const id = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt: new Date(Date.now() - 3_600_000),
        description: 'Утечка выгрузки.',
        measures: 'Доступ закрыт.',
        subjectIds: [subject.id],
      }),
    );
    const incident = (await findIncident(t.db, id))!;
    const operator = (await findOperatorProfile(t.db))!;
    for (const locale of ['kk', 'ru'] as const) {
      const content = await text(await renderBreachNoticePdf(incident, operator, locale));
      for (const value of [operator.responsibleEmail, operator.responsiblePhone, 'Доступ закрыт.', operator.bin])
        assert.ok(content.includes(value), `${locale}: ${value}`);
    }
  });

  test('[BREACH] each affected subject is told in their language, once', async () => {
    const { subject } = await createSubjectWithItems(t.db, { locale: 'kk' });
    const id = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt: new Date(Date.now() - 3_600_000),
        description: 'x',
        measures: 'y',
        subjectIds: [subject.id],
      }),
    );
    await t.db.transaction((tx) => notifyIncidentSubjects(tx, dpo, { incidentId: id }));
    await assert.rejects(t.db.transaction((tx) => notifyIncidentSubjects(tx, dpo, { incidentId: id })));
    const mails = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, subject.email!));
    assert.equal(mails.filter((m) => m.kind === 'breach_notice').length, 1);
    assert.equal(mails[0]?.locale, 'kk');
  });
});
