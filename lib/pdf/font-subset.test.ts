import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import PDFDocument from 'pdfkit';
import { createPdf } from './document';

/**
 * lib/pdf/document.ts builds each document's font subset from glyph data it keeps per process
 * (issue 15), reaching into fontkit's subset. A subset must stay byte for byte fontkit's own, or a
 * letter could show as another's outline while its text still reads right: this compares the two
 * for Kazakh, Russian and English text and letters composed of others (й, Ţ), twice (the second time
 * from the kept data), against a font fontkit parsed afresh.
 */
type Subset = { includeGlyph: (id: number) => number; encode: () => Uint8Array };
type Font = { layout: (text: string) => { glyphs: { id: number }[] }; createSubset: () => Subset };

const fontOf = (doc: InstanceType<typeof PDFDocument>, name: string) =>
  (doc.font(name) as unknown as { _font: { font: Font } })._font.font;

function subsetBytes(font: Font, texts: string[]): Buffer {
  const subset = font.createSubset();
  for (const text of texts) for (const glyph of font.layout(text).glyphs) subset.includeGlyph(glyph.id);
  return Buffer.from(subset.encode());
}

test('[PDF] Art. 24(1)(1): the fonts embedded in a statement are the subsets fontkit itself makes', () => {
  const fontDir = path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'noto-sans');
  const files = {
    regular: path.join(fontDir, '400Regular', 'NotoSans_400Regular.ttf'),
    bold: path.join(fontDir, '700Bold', 'NotoSans_700Bold.ttf'),
  };
  const documents = [
    ['Дербес деректер туралы анықтама', 'Серікбаева Айгүл Нұрланқызы', 'әғқңөұүһі ӘҒҚҢӨҰҮҺІ'],
    ['Сведения о моих персональных данных', 'Йошкар-Ола, ул. Чайковского', 'Ţara, «кавычки» — №5'],
    ['Information about my data', 'Training under the contract', '0123456789 ()[]/.,;:'],
  ];
  for (const weight of ['regular', 'bold'] as const) {
    const kept = fontOf(createPdf({ title: 'test', lang: 'kk' }), weight);
    const plain = new PDFDocument({ autoFirstPage: false });
    plain.registerFont(weight, readFileSync(files[weight]));
    const fresh = fontOf(plain, weight);
    for (const round of [1, 2])
      for (const texts of documents)
        assert.ok(subsetBytes(kept, texts).equals(subsetBytes(fresh, texts)), `${weight}, round ${round}: ${texts[0]}`);
  }
});
