import type { ConsentReport } from '@/db/queries/consents';
import type { MyDataReport } from '@/lib/my-data/report';
import type { OperatorProfile } from '@/db/schema/operator';
import type { Locale } from '@/db/schema/subjects';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { describeLegalBasis, describeRecipient, describeRetention } from '@/lib/my-data/describe';
import { writeConsent } from './consent';
import { createPdf, field, finishPdf, heading, type Pdf } from './document';

/**
 * The statement of Art. 24(1)(1) in the subject's language: the operator, the subject, every item
 * with its purposes, legal bases, retention and recipients, and the consents. Downloaded from
 * "My data", and attached to the answer to an ACCESS request.
 */
export async function renderStatementPdf(
  report: MyDataReport,
  consents: ConsentReport[],
  operator: OperatorProfile,
  locale: Locale,
  now = new Date(),
): Promise<Buffer> {
  const t = translatorFor(locale);
  const doc = createPdf({ title: t('statement.title'), lang: locale });
  writeStatement(doc, report, consents, operator, locale, now);
  return finishPdf(doc, (page, pages) => t('statement.page', { page, pages }));
}

/** The statement's pages, written into `doc`: its own PDF, or after the letter answering an ACCESS request. */
export function writeStatement(
  doc: Pdf,
  report: MyDataReport,
  consents: ConsentReport[],
  operator: OperatorProfile,
  locale: Locale,
  now = new Date(),
): void {
  const t = translatorFor(locale);
  const f = formatterFor(locale);
  doc.font('bold').fontSize(18).text(t('statement.title'));
  doc.moveDown(0.3).font('regular').fontSize(10).fillColor('#374151');
  doc.text(t('statement.intro', { operator: operator.name[locale], subject: report.subject.fullName ?? '—' }));
  doc.moveDown(0.3);
  field(doc, t('statement.issuedAt'), f.dateTime(now, 'dateTime'));

  heading(doc, t('statement.operatorTitle'));
  field(doc, t('statement.operatorTitle'), `${operator.name[locale]}, ${t('home.operatorBin')} ${operator.bin}`);
  field(doc, t('home.operatorAddress'), operator.address[locale]);
  field(doc, t('home.operatorContacts'), `${operator.email}, ${operator.phone}`);
  field(
    doc,
    t('statement.responsible'),
    `${operator.responsibleName}, ${operator.responsibleEmail}, ${operator.responsiblePhone}`,
  );
  field(doc, t('statement.storage'), operator.storageLocation[locale]);

  heading(doc, t('statement.subjectTitle'));
  if (report.subject.fullName) field(doc, t('statement.fullName'), report.subject.fullName);
  if (report.subject.iin) field(doc, t('statement.iin'), report.subject.iin);
  if (report.subject.email) field(doc, t('statement.email'), report.subject.email);
  if (report.subject.phone) field(doc, t('statement.phone'), report.subject.phone);

  heading(doc, t('statement.dataTitle'));
  if (report.categories.length === 0) doc.text(t('statement.noData'));
  for (const category of report.categories) {
    doc
      .moveDown(0.4)
      .font('bold')
      .fontSize(11)
      .fillColor('#111827')
      .text(category.name[locale])
      .font('regular')
      .fontSize(10);
    for (const item of category.items) {
      doc.moveDown(0.2);
      field(
        doc,
        t('statement.value'),
        item.value ?? t('statement.destroyedValue', { date: f.dateTime(item.destroyedAt!) }),
      );
      field(doc, t('statement.state'), t(`itemState.${item.state}`));
      field(
        doc,
        t('statement.source'),
        item.sourceDetail ? `${t(`dataSource.${item.source}`)} (${item.sourceDetail})` : t(`dataSource.${item.source}`),
      );
      field(doc, t('statement.method'), t(`processingMethod.${item.method}`));
      field(doc, t('statement.collected'), f.dateTime(item.collectedAt));
      field(doc, t('statement.updated'), f.dateTime(item.updatedAt));
      for (const purpose of item.purposes) {
        doc.moveDown(0.15);
        doc
          .font('bold')
          .fontSize(10)
          .fillColor('#111827')
          .text(`${t('statement.purpose')}: ${purpose.name[locale]}`, { indent: 14 });
        doc.font('regular');
        const indent = (label: string, value: string) =>
          doc.fillColor('#4b5563').text(`${label}: `, { indent: 14, continued: true }).fillColor('#111827').text(value);
        indent(t('statement.legalBasis'), describeLegalBasis(t, locale, purpose));
        indent(t('statement.retention'), describeRetention(t, locale, purpose));
        indent(
          t('statement.recipients'),
          purpose.recipients.map((r) => describeRecipient(t, locale, r)).join('; ') || t('me.noRecipients'),
        );
        if (purpose.isAutomated && purpose.automatedLogic)
          indent(t('statement.automated'), purpose.automatedLogic[locale]);
      }
    }
  }

  heading(doc, t('statement.consentsTitle'));
  if (consents.length === 0) doc.text(t('consents.none'));
  for (const consent of consents) writeConsent(doc, consent, locale);
}
