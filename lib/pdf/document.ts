import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * PDFs in the subject's language. Noto Sans (the UI's font, as full TTF files from npm) is embedded
 * so every Kazakh letter (ә ғ қ ң ө ұ ү һ і) renders; pdfkit's built-in fonts have no Cyrillic.
 */
const fontDir = path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'noto-sans');
const fonts = {
  regular: path.join(fontDir, '400Regular', 'NotoSans_400Regular.ttf'),
  bold: path.join(fontDir, '700Bold', 'NotoSans_700Bold.ttf'),
};

export type Pdf = InstanceType<typeof PDFDocument>;

/**
 * The parsed fonts, once a process. Registered as file names, each document read and parsed both
 * files again and shaped every word from scratch: ~300 ms a statement, most of an ACCESS
 * execution (issue 15). pdfkit takes a parsed font as well; each document still embeds its own
 * subset of the glyphs it used. Taken from a first document, so no second copy of fontkit is loaded.
 */
type ParsedFont = Parameters<Pdf['registerFont']>[1];
let parsed: { regular: ParsedFont; bold: ParsedFont } | undefined;
function parsedFonts() {
  if (parsed) return parsed;
  const doc = new PDFDocument({ autoFirstPage: false });
  const parse = (file: string) => {
    doc.registerFont(file, readFileSync(file));
    // pdfkit keeps the fontkit font it made on the font it opened.
    return (doc.font(file) as unknown as { _font: { font: ParsedFont } })._font.font;
  };
  parsed = {
    regular: withSharedLayouts(withCharactersKept(parse(fonts.regular))),
    bold: withSharedLayouts(withCharactersKept(parse(fonts.bold))),
  };
  return parsed;
}

type Glyph = { codePoints: number[] };

/**
 * fontkit keeps a font's glyphs, each with the characters it was first asked for. Embedding a
 * document's subset asks for the parts of a composed letter without characters (the "и" of a "й",
 * the "T" of a "Ţ"), and with the font shared, the next document wrote that glyph with no text
 * behind it: a reader, a search or a screen reader lost the letter ("Обучене" for "Обучение").
 * A glyph asked for with its characters gets them back.
 */
function withCharactersKept(font: ParsedFont): ParsedFont {
  const glyphs = font as unknown as { getGlyph: (id: number, characters?: number[]) => Glyph };
  const getGlyph = glyphs.getGlyph.bind(font);
  glyphs.getGlyph = (id, characters = []) => {
    const glyph = getGlyph(id, characters);
    if (characters.length > 0 && glyph.codePoints.length === 0) glyph.codePoints = characters;
    return glyph;
  };
  return font;
}

type Position = Record<string, number>;
type Run = { glyphs: unknown[]; positions: Position[] };
const LAYOUTS_KEPT = 50_000;

/**
 * Shaping a word (fontkit's `layout`, OpenType features) was most of what remained of a
 * statement's time, and each document shaped the same words again. The shaped words are kept per
 * font for every document; each caller gets its own copy of the positions, which pdfkit scales in
 * place, and the same (immutable, fontkit-cached) glyphs.
 */
function withSharedLayouts(font: ParsedFont): ParsedFont {
  const shaped = font as unknown as { layout: (text: string, features?: unknown) => Run };
  const layout = shaped.layout.bind(font);
  const kept = new Map<string, Run>();
  shaped.layout = (text, features) => {
    const key = features === undefined ? text : `${text}\u0000${JSON.stringify(features)}`;
    let run = kept.get(key);
    if (!run) {
      const fresh = layout(text, features);
      run = { glyphs: fresh.glyphs, positions: fresh.positions.map((p) => ({ ...p })) };
      if (kept.size >= LAYOUTS_KEPT) kept.clear();
      kept.set(key, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((width, p) => width + (p.xAdvance ?? 0), 0);
      },
    };
  };
  return font;
}

/** pdfkit's font of one document (its EmbeddedFont), as far as the shared words below use it. */
type DocumentFont = {
  font: object;
  layoutRun: (text: string) => unknown;
  layoutCached: (text: string) => unknown;
};
const scaledWords = new WeakMap<object, Map<string, unknown>>();

/**
 * pdfkit keeps each word it measured or wrote, shaped and scaled to the font's size, but per
 * document: every statement shaped and scaled its words again (a fifth of its time, issue 15).
 * The document's font is given the process's words of that font instead. pdfkit does not change
 * a kept word (it copies a position before adding word spacing), so one copy serves all.
 */
function withProcessWords(doc: Pdf, name: 'regular' | 'bold') {
  doc.font(name);
  const font = (doc as unknown as { _font: DocumentFont })._font;
  let words = scaledWords.get(font.font);
  if (!words) scaledWords.set(font.font, (words = new Map()));
  const kept = words;
  font.layoutCached = (text) => {
    let run = kept.get(text);
    if (run === undefined) {
      run = font.layoutRun(text);
      if (kept.size >= LAYOUTS_KEPT) kept.clear();
      kept.set(text, run);
    }
    return run;
  };
}

export function createPdf(info: { title: string; lang: string }): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: info.lang,
    info: { Title: info.title, Author: 'Derbes' },
    displayTitle: true,
    // No Helvetica: pdfkit would parse its metrics for every document, to be replaced at once by Noto Sans.
    font: null as unknown as string,
  });
  const { regular, bold } = parsedFonts();
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  withProcessWords(doc, 'regular');
  withProcessWords(doc, 'bold');
  doc.font('regular');
  return doc;
}

/** Writes "page N of M" on every page, then finishes the document into bytes. */
export function finishPdf(doc: Pdf, pageLabel: (page: number, pages: number) => string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#6b7280')
      .text(pageLabel(i + 1, range.count), 50, doc.page.height - 35, { align: 'center', width: doc.page.width - 100 });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

export function heading(doc: Pdf, text: string, size = 14) {
  doc
    .moveDown(0.6)
    .font('bold')
    .fontSize(size)
    .fillColor('#111827')
    .text(text)
    .moveDown(0.3)
    .font('regular')
    .fontSize(10);
}

/** A "label: value" line with the label in grey. */
export function field(doc: Pdf, label: string, value: string) {
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('#4b5563')
    .text(`${label}: `, { continued: true })
    .fillColor('#111827')
    .text(value);
}
