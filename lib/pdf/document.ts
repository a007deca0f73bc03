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

export function createPdf(info: { title: string; lang: string }): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: info.lang,
    info: { Title: info.title, Author: 'Derbes' },
    displayTitle: true,
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
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
