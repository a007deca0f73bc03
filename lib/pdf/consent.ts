import type { ConsentReport } from '@/db/queries/consents';
import type { OperatorProfile } from '@/db/schema/operator';
import type { Locale } from '@/db/schema/subjects';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { createPdf, field, finishPdf, type Pdf } from './document';

/** One consent with the Art. 8(4) content, as in the statement and the consent receipt. */
export function writeConsent(doc: Pdf, consent: ConsentReport, locale: Locale) {
  const t = translatorFor(locale);
  const f = formatterFor(locale);
  const yesNo = (value: boolean) => t(value ? 'consents.yes' : 'consents.no');
  doc
    .moveDown(0.5)
    .font('bold')
    .fontSize(11)
    .fillColor('#111827')
    .text(consent.purposes.map((p) => p.name[locale]).join('; '));
  doc.font('regular').fontSize(10);
  field(doc, t('consents.state'), t(`consents.states.${consent.state}`));
  field(
    doc,
    t('consents.operator'),
    `${consent.operatorName[locale]}, ${t('home.operatorBin')} ${consent.operatorBin}`,
  );
  field(doc, t('consents.subjectName'), consent.subjectName);
  field(
    doc,
    t('consents.term'),
    consent.validUntil
      ? t('consents.termUntil', { from: f.dateTime(consent.validFrom), until: f.dateTime(consent.validUntil) })
      : t('consents.termOpen', { from: f.dateTime(consent.validFrom) }),
  );
  field(doc, t('consents.thirdParty'), yesNo(consent.thirdPartyTransfer));
  field(doc, t('consents.crossBorder'), yesNo(consent.crossBorderTransfer));
  field(doc, t('consents.publicSources'), yesNo(consent.publicSources));
  field(doc, t('consents.dataList'), consent.categories.map((c) => c.name[locale]).join(', '));
  if (consent.otherTerms) field(doc, t('consents.other'), consent.otherTerms[locale]);
  field(doc, t('consents.channel'), t(`consents.channels.${consent.channel}`));
  field(doc, t('consents.givenAt'), f.dateTime(consent.givenAt, 'dateTime'));
  if (consent.withdrawnAt)
    field(doc, t('consents.state'), t('consents.withdrawnAt', { date: f.dateTime(consent.withdrawnAt) }));
  if (consent.expiredAt)
    field(doc, t('consents.state'), t('consents.expiredAt', { date: f.dateTime(consent.expiredAt) }));
  field(doc, t('consents.evidence'), consent.evidenceSha256);
}

/** A receipt for one consent (Art. 25(2)(5): proof that consent was obtained). */
export async function renderConsentReceiptPdf(
  consent: ConsentReport,
  operator: OperatorProfile,
  locale: Locale,
  now = new Date(),
): Promise<Buffer> {
  const t = translatorFor(locale);
  const doc = createPdf({ title: t('consents.receiptTitle'), lang: locale });
  doc.font('bold').fontSize(18).text(t('consents.receiptTitle'));
  doc.moveDown(0.3).font('regular').fontSize(10).fillColor('#374151').text(t('consents.receiptIntro'));
  doc.moveDown(0.3);
  field(doc, t('statement.issuedAt'), formatterFor(locale).dateTime(now, 'dateTime'));
  field(doc, t('statement.operatorTitle'), `${operator.name[locale]}, ${operator.email}, ${operator.phone}`);
  writeConsent(doc, consent, locale);
  return finishPdf(doc, (page, pages) => t('statement.page', { page, pages }));
}
