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
    regular: withSubsetGlyphsKept(withSharedLayouts(withCharactersKept(parse(fonts.regular)))),
    bold: withSubsetGlyphsKept(withSharedLayouts(withCharactersKept(parse(fonts.bold)))),
  };
  return parsed;
}

type Glyph = { id: number; codePoints: number[]; advanceWidth: number };

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
/** Widths of whole texts kept per font: a line with a subject's own values is seldom measured again (~4 MB at most). */
const WIDTHS_KEPT = 10_000;

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
    let advanceWidth: number | undefined;
    return {
      glyphs: run.glyphs,
      positions,
      // Summed once, when pdfkit first asks (after it scaled the positions): it asks at every use of a kept word.
      get advanceWidth() {
        return (advanceWidth ??= positions.reduce((width, p) => width + (p.xAdvance ?? 0), 0));
      },
    };
  };
  return font;
}

/** Font files kept per weight (each ~10-30 KB). */
const FILES_KEPT = 64;
type Component = { glyphID: number; pos: number };
type SubsetGlyph = { buffer: Uint8Array; components: Component[] | null; advance: number; bearing: number };
/** fontkit's TrueType subset, as far as the glyphs kept below use it. */
type TrueTypeSubset = {
  font: {
    getGlyph: (id: number) => {
      _decode: () => { numberOfContours: number; components?: Component[] } | null;
      advanceWidth: number;
      _getMetrics: () => { leftBearing: number };
    };
    loca: { offsets: number[] };
    _getTableStream: (tag: string) => { pos: number; readBuffer: (length: number) => Uint8Array };
    _variationProcessor?: unknown;
  };
  includeGlyph: (id: number) => number;
  glyphs: number[];
  encode: () => Uint8Array;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  _addGlyph: (id: number) => number;
};

/**
 * Embedding a document's subset decoded every glyph it used (fontkit reads a glyph's whole outline
 * to learn whether it is made of others) and read its bytes again: a fifth of a statement's time
 * (issue 15). What fontkit takes from a glyph is kept per font for every document: its bytes, the
 * glyphs it is made of and where their numbers are, its advance and left bearing. The subset is
 * then built as fontkit builds it, byte for byte: a composed glyph's copy gets its parts' numbers
 * in this document's subset.
 */
function withSubsetGlyphsKept(font: ParsedFont): ParsedFont {
  const withSubsets = font as unknown as { createSubset: () => TrueTypeSubset; _variationProcessor?: unknown };
  const createSubset = withSubsets.createSubset.bind(font);
  const kept = new Map<number, SubsetGlyph>();
  const files = new Map<string, Uint8Array>();
  const glyphOf = (subset: TrueTypeSubset, id: number): SubsetGlyph => {
    let glyph = kept.get(id);
    if (!glyph) {
      const source = subset.font.getGlyph(id);
      const outline = source._decode();
      const { offsets } = subset.font.loca;
      const stream = subset.font._getTableStream('glyf');
      stream.pos += offsets[id]!;
      glyph = {
        buffer: Uint8Array.from(stream.readBuffer(offsets[id + 1]! - offsets[id]!)),
        components:
          outline && outline.numberOfContours < 0
            ? outline.components!.map(({ glyphID, pos }) => ({ glyphID, pos }))
            : null,
        advance: source.advanceWidth,
        bearing: source._getMetrics().leftBearing,
      };
      kept.set(id, glyph);
    }
    return glyph;
  };
  withSubsets.createSubset = () => {
    const subset = createSubset();
    // A variable font's glyphs are encoded again per instance: left to fontkit (Noto Sans is static).
    if (subset.font._variationProcessor || !('_addGlyph' in subset)) return subset;
    // The same glyphs in the same order make the same file, kept for the next document: a
    // statement's bold (headings, labels) is most often one an earlier statement in its language
    // used. A regular font holds the subject's own values and rarely repeats.
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(' ');
      let file = files.get(key);
      if (!file) {
        file = encode();
        if (files.size >= FILES_KEPT) files.clear();
        files.set(key, file);
      }
      return file;
    };
    subset._addGlyph = (id) => {
      const glyph = glyphOf(subset, id);
      let buffer = glyph.buffer;
      if (glyph.components) {
        buffer = Uint8Array.from(buffer);
        const view = new DataView(buffer.buffer);
        for (const component of glyph.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
      }
      subset.glyf.push(buffer);
      subset.loca.offsets.push(subset.offset);
      subset.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing });
      subset.offset += buffer.length;
      return subset.glyf.length - 1;
    };
    return subset;
  };
  return font;
}

/** pdfkit's font of one document (its EmbeddedFont), as far as the shared words below use it. */
type Word = { glyphs: unknown[]; positions: unknown[]; advanceWidth: number };
type DocumentFont = {
  font: object;
  layoutRun: (text: string, features?: unknown) => Word;
  layoutCached: (text: string) => Word;
  encode: (text: string, features?: unknown) => [string[], unknown[]];
  subset: { includeGlyph: (id: number) => number };
  widths: number[];
  unicode: number[][];
  scale: number;
  layout: (
    text: string,
    features?: unknown,
    onlyWidth?: boolean,
  ) => { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number };
};
/** A glyph's number in a subset as pdfkit writes it (four hex digits), by number. */
const hex: string[] = [];
type ProcessWords = { words: Map<string, Word>; widths: Map<string, number> };
const scaledWords = new WeakMap<object, ProcessWords>();

/**
 * pdfkit keeps each word it measured or wrote, shaped and scaled to the font's size, but per
 * document: every statement shaped and scaled its words again (a fifth of its time, issue 15).
 * The document's font is given the process's words of that font instead. pdfkit does not change
 * a kept word (it copies a position before adding word spacing), so one copy serves all.
 * A text is laid out as pdfkit does, word by word (each with the space after it), but its words'
 * glyphs are appended, not copied into a new array at every word (pdfkit's `concat`), and the
 * width of a text measured before (a label, a heading) is kept too.
 */
function withProcessWords(doc: Pdf, name: 'regular' | 'bold') {
  doc.font(name);
  const font = (doc as unknown as { _font: DocumentFont })._font;
  let kept = scaledWords.get(font.font);
  if (!kept) scaledWords.set(font.font, (kept = { words: new Map(), widths: new Map() }));
  const { words, widths } = kept;
  const layoutCached = (font.layoutCached = (text) => {
    let run = words.get(text);
    if (run === undefined) {
      run = font.layoutRun(text);
      if (words.size >= LAYOUTS_KEPT) words.clear();
      words.set(text, run);
    }
    return run;
  });
  font.layout = (text, features, onlyWidth) => {
    if (features) return font.layoutRun(text, features);
    if (onlyWidth) {
      const width = widths.get(text);
      if (width !== undefined) return { glyphs: null, positions: null, advanceWidth: width };
    }
    const glyphs: unknown[] | null = onlyWidth ? null : [];
    const positions: unknown[] | null = onlyWidth ? null : [];
    let advanceWidth = 0;
    // Each word with the space or tab after it, as pdfkit cuts a text; found by indexOf, not letter by letter.
    const tabs = text.includes('\t');
    for (let last = 0; last < text.length;) {
      let space = text.indexOf(' ', last);
      if (tabs) {
        const tab = text.indexOf('\t', last);
        if (tab !== -1 && (space === -1 || tab < space)) space = tab;
      }
      const end = space === -1 ? text.length : space + 1;
      const run = layoutCached(text.slice(last, end));
      if (glyphs && positions) {
        for (const glyph of run.glyphs) glyphs.push(glyph);
        for (const position of run.positions) positions.push(position);
      }
      advanceWidth += run.advanceWidth;
      last = end;
    }
    if (onlyWidth) {
      if (widths.size >= WIDTHS_KEPT) widths.clear();
      widths.set(text, advanceWidth);
    }
    return { glyphs, positions, advanceWidth };
  };
  // As pdfkit's encode, each glyph's number in the subset as four hex digits, made once, not per glyph written.
  font.encode = (text, features) => {
    const { glyphs, positions } = font.layout(text, features) as { glyphs: Glyph[]; positions: unknown[] };
    const encoded: string[] = [];
    for (const glyph of glyphs) {
      const id = font.subset.includeGlyph(glyph.id);
      encoded.push((hex[id] ??= `0000${id.toString(16)}`.slice(-4)));
      font.widths[id] ??= glyph.advanceWidth * font.scale;
      font.unicode[id] ??= glyph.codePoints;
    }
    return [encoded, positions];
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
