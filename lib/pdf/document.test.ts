import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createPdf, finishPdf } from './document';

/** The text a PDF reader extracts: what the subject can copy, search and have read aloud. */
async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const content = await (await document.getPage(1)).getTextContent();
  return content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
}

async function render(lang: string, lines: string[]): Promise<string> {
  const doc = createPdf({ title: 'test', lang });
  for (const line of lines) doc.text(line);
  return pdfText(await finishPdf(doc, (page, pages) => `${page}/${pages}`));
}

test('[PDF] Art. 24(1)(1): a document reads as written whatever the process rendered before it (letters composed of others: й, Ţ)', async () => {
  // The first document embeds "й" and "Ţ", whose parts are "и" and "T"; the fonts are shared by
  // every document of the process.
  await render('kk', ['Оқыту шарт бойынша', 'Сіздің келісіміңіз', 'Ţara']);
  const ru = await render('ru', ['Обучение по договору', 'Ваше согласие']);
  assert.match(ru, /Обучение по договору/);
  assert.match(ru, /Ваше согласие/);
  const en = await render('en', ['Training under the contract', 'Your consent']);
  assert.match(en, /Training under the contract/);
  assert.match(en, /Your consent/);
});
