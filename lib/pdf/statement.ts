import type { ConsentReport } from '@/db/queries/consents';
import type { MyDataReport } from '@/lib/my-data/report';
import type { OperatorProfile } from '@/db/schema/operator';
import type { Locale } from '@/db/schema/subjects';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { describeLegalBasis, describeRecipient } from '@/lib/my-data/describe';
import { writeConsent } from './consent';
import { createPdf, field, finishPdf, heading, type Pdf } from './document';

/**
 * The statement of Art. 24(1)(1) in the subject's language: the operator, the subject, every item
 * with the purposes it serves, each purpose once with its legal basis, retention and recipients,
 * and the consents. Downloaded from
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

  // Each purpose numbered once, in the order first met (as on "My data"); the items refer to it.
  const purposesOnce = [
    ...new Map(report.categories.flatMap((c) => c.items.flatMap((i) => i.purposes)).map((p) => [p.id, p])).values(),
  ];
  const numbers = new Map(purposesOnce.map((p, index) => [p.id, index + 1]));

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
      // Each purpose is described once, under "Purposes of processing" below: here its number and
      // name, and what is this item's own (when its retention ends, when the purpose stopped for it).
      field(
        doc,
        t('statement.itemPurposes'),
        item.purposes
          .map((purpose) => {
            const own = [
              purpose.retentionKind === 'period_after_event' &&
                (purpose.retentionEndsAt
                  ? t('me.retentionUntil', { date: f.dateTime(purpose.retentionEndsAt) })
                  : t('me.retentionNoDate')),
              purpose.endedAt && t('me.purposeEnded', { date: f.dateTime(purpose.endedAt) }),
            ].filter(Boolean);
            const name = `${numbers.get(purpose.id)}. ${purpose.name[locale]}`;
            return own.length > 0 ? `${name} (${own.join('; ')})` : name;
          })
          .join('; ') || t('me.whyTitle', { count: 0 }),
      );
    }
  }

  if (purposesOnce.length > 0) {
    heading(doc, t('statement.purposesTitle'));
    for (const [index, purpose] of purposesOnce.entries()) {
      doc
        .moveDown(index === 0 ? 0 : 0.4)
        .font('bold')
        .fontSize(10)
        .fillColor('#111827')
        .text(`${index + 1}. ${purpose.name[locale]}`)
        .font('regular')
        .fillColor('#374151')
        .text(purpose.description[locale]);
      field(doc, t('statement.legalBasis'), describeLegalBasis(t, locale, purpose));
      field(doc, t('statement.retention'), purpose.retentionDescription[locale]);
      field(
        doc,
        t('statement.recipients'),
        purpose.recipients.map((r) => describeRecipient(t, locale, r)).join('; ') || t('me.noRecipients'),
      );
      if (purpose.isAutomated && purpose.automatedLogic)
        field(doc, t('statement.automated'), purpose.automatedLogic[locale]);
    }
  }

  heading(doc, t('statement.consentsTitle'));
  if (consents.length === 0) doc.text(t('consents.none'));
  for (const consent of consents) writeConsent(doc, consent, locale);
}
