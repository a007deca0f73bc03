import type { ConsentReport } from '@/db/queries/consents';
import type { Letter } from '@/db/schema/letters';
import type { OperatorProfile } from '@/db/schema/operator';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import type { MyDataReport } from '@/lib/my-data/report';
import { createPdf, field, finishPdf } from './document';
import { writeStatement } from './statement';

/**
 * A letter to a subject without an e-mail address (lib/letters), in the language stored with it:
 * the operator's header, the addressee's name and postal address, the date and reference, then the
 * notice's text exactly as the e-mail would have carried it. Everything comes from the letter row
 * and the operator's profile, so the same letter renders the same way every time.
 */
export async function renderLetterPdf(
  letter: Letter & { reference: string | null },
  operator: OperatorProfile | null,
  /** The answer to an ACCESS request carries the Art. 24(1)(1) statement after the letter. */
  statement?: { report: MyDataReport; consents: ConsentReport[] } | null,
): Promise<Buffer> {
  const { locale } = letter;
  const t = translatorFor(locale);
  const f = formatterFor(locale);
  const doc = createPdf({ title: letter.title, lang: locale });

  if (operator) {
    doc.font('bold').fontSize(12).fillColor('#111827').text(operator.name[locale]);
    doc.font('regular').fontSize(9).fillColor('#4b5563');
    doc.text(`${t('home.operatorBin')} ${operator.bin}`);
    doc.text(operator.address[locale]);
    doc.text(`${operator.email}, ${operator.phone}`);
  }
  doc.moveDown(1.5).font('regular').fontSize(11).fillColor('#111827');
  doc.text(letter.recipientName ?? '—', { align: 'right' });
  for (const line of (letter.postalAddress ?? '—').split('\n')) doc.text(line, { align: 'right' });

  doc.moveDown(1.5);
  field(doc, t('letters.pdf.date'), f.dateTime(letter.createdAt, 'date'));
  if (letter.reference) field(doc, t('letters.pdf.reference'), letter.reference);

  doc.moveDown(1).font('bold').fontSize(13).fillColor('#111827').text(letter.title);
  doc.moveDown(0.5).font('regular').fontSize(10.5);
  // The e-mail's text part: paragraphs separated by blank lines, the signature after "--".
  for (const paragraph of letter.body.split(/\n{2,}/)) {
    const text = paragraph.replace(/^--\n/, '').trim();
    if (text) doc.text(text).moveDown(0.6);
  }
  if (statement && operator) {
    doc.addPage();
    writeStatement(doc, statement.report, statement.consents, operator, locale);
  }
  return finishPdf(doc, (page, pages) => t('statement.page', { page, pages }));
}
