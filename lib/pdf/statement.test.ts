import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { listSubjectConsents } from '@/db/queries/consents';
import { findMyDataReport } from '@/lib/my-data/report';
import { findOperatorProfile } from '@/db/queries/operator';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { eq } from 'drizzle-orm';
import { renderConsentReceiptPdf } from './consent';
import { renderStatementPdf } from './statement';
import { closeStatementThreads, renderStatementPdfOffThread } from './statement-off-thread';

/** The text a PDF reader extracts from every page: what the subject will see and can copy. */
async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= document.numPages; i++) {
    const content = await (await document.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(async () => {
  await closeStatementThreads();
  await t.drop();
});

describe('[STATEMENT] Art. 24(1)(1): the statement of my data as a PDF in my language', () => {
  test('[STATEMENT] the Kazakh statement has the subject, the items and every purpose they serve, each once', async () => {
    const [aigul] = await t.db.select().from(subjects).where(eq(subjects.email, 'aigul@example.kz'));
    const report = (await findMyDataReport(t.db, aigul!.id))!;
    const consents = await listSubjectConsents(t.db, aigul!.id);
    const pdf = await renderStatementPdf(report, consents, (await findOperatorProfile(t.db))!, 'kk');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(pdf);
    for (const value of ['Серікбаева Айгүл Нұрланқызы', '950512401233', '«Steppe Logistics» ЖШС'])
      assert.ok(text.includes(value), value);
    // Each purpose described once, numbered in the order first met; the items refer to it by number.
    const purposes = [
      ...new Map(report.categories.flatMap((c) => c.items.flatMap((i) => i.purposes)).map((p) => [p.id, p])).values(),
    ];
    assert.ok(purposes.length > 1);
    assert.ok(text.includes('Өңдеу мақсаттары'));
    for (const [index, purpose] of purposes.entries()) {
      assert.ok(text.includes(`${index + 1}. ${purpose.name.kk}`), purpose.name.kk);
      assert.ok(text.includes(purpose.retentionDescription.kk), purpose.retentionDescription.kk);
    }
  });

  test('[STATEMENT] every Kazakh letter renders: ә ғ қ ң ө ұ ү һ і in both cases', async () => {
    const [aigul] = await t.db.select().from(subjects).where(eq(subjects.email, 'aigul@example.kz'));
    const report = (await findMyDataReport(t.db, aigul!.id))!;
    const pangram = 'әғқңөұүһі ӘҒҚҢӨҰҮҺІ';
    const pdf = await renderStatementPdf(
      { ...report, subject: { ...report.subject, fullName: pangram } },
      [],
      (await findOperatorProfile(t.db))!,
      'kk',
    );
    assert.ok((await pdfText(pdf)).includes(pangram));
  });

  test('[STATEMENT] the Russian and English statements are in their own language', async () => {
    const [dmitry] = await t.db.select().from(subjects).where(eq(subjects.email, 'dmitry@example.kz'));
    const report = (await findMyDataReport(t.db, dmitry!.id))!;
    const operator = (await findOperatorProfile(t.db))!;
    assert.match(await pdfText(await renderStatementPdf(report, [], operator, 'ru')), /ТОО «Дала Білім»/);
    assert.match(await pdfText(await renderStatementPdf(report, [], operator, 'en')), /Dala Bilim LLP/);
  });

  test('[CONSENT] Art. 25(2)(5): a consent receipt carries the Art. 8(4) content and the evidence hash', async () => {
    const [dmitry] = await t.db.select().from(subjects).where(eq(subjects.email, 'dmitry@example.kz'));
    const [consent] = await listSubjectConsents(t.db, dmitry!.id);
    const text = await pdfText(await renderConsentReceiptPdf(consent!, (await findOperatorProfile(t.db))!, 'ru'));
    for (const value of ['180340012346', 'Ковалёв Дмитрий Сергеевич', consent!.evidenceSha256])
      assert.ok(text.includes(value), value);
  });

  test('[STATEMENT] rendered on another thread (issue 15), it is the same statement, and many at once all arrive', async () => {
    const [aigul] = await t.db.select().from(subjects).where(eq(subjects.email, 'aigul@example.kz'));
    const report = (await findMyDataReport(t.db, aigul!.id))!;
    const consents = await listSubjectConsents(t.db, aigul!.id);
    const operator = (await findOperatorProfile(t.db))!;
    const issuedAt = new Date('2026-03-02T05:00:00Z');
    const here = await pdfText(await renderStatementPdf(report, consents, operator, 'kk', issuedAt));
    const there = await pdfText(await renderStatementPdfOffThread(report, consents, operator, 'kk', issuedAt));
    assert.equal(there, here);
    // More than the pool's threads: the rest wait their turn, each comes back in its own language.
    const locales = ['kk', 'ru', 'en', 'kk', 'ru', 'en', 'kk', 'ru', 'en', 'kk'] as const;
    const pdfs = await Promise.all(
      locales.map((l) => renderStatementPdfOffThread(report, consents, operator, l, issuedAt)),
    );
    const titles = {
      kk: 'Дербес деректер туралы анықтама',
      ru: 'Справка о персональных данных',
      en: 'Statement of personal data',
    };
    for (const [i, pdf] of pdfs.entries()) assert.match(await pdfText(pdf), new RegExp(titles[locales[i]!]));
  });
});
