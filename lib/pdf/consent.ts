import type { ConsentReport } from '@/db/queries/consents';
import type { ConsentRecord } from '@/db/schema/consents';
import type { OperatorProfile } from '@/db/schema/operator';
import type { Locale } from '@/db/schema/subjects';
import { consentActorKey, type ConsentContent } from '@/lib/consents/records';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { createPdf, field, finishPdf, heading, type Pdf } from './document';

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
  // One state line: a withdrawn or expired consent says when.
  field(
    doc,
    t('consents.state'),
    consent.withdrawnAt
      ? t('consents.withdrawnAt', { date: f.dateTime(consent.withdrawnAt) })
      : consent.expiredAt
        ? t('consents.expiredAt', { date: f.dateTime(consent.expiredAt) })
        : t(`consents.states.${consent.state}`),
  );
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

/**
 * The receipt of one consent record (ISO/IEC TS 27560; Art. 25(2)(5)): the Art. 8(4) content as it
 * stood at that event, the event itself and its hash, then the consent's whole history, so a past
 * state can be proven after a withdrawal or expiry.
 */
export async function renderConsentRecordPdf(
  record: ConsentRecord,
  history: ConsentRecord[],
  locale: Locale,
  now = new Date(),
): Promise<Buffer> {
  const t = translatorFor(locale);
  const f = formatterFor(locale);
  const c = record.content as ConsentContent;
  const yesNo = (value: boolean) => t(value ? 'consents.yes' : 'consents.no');
  const doc = createPdf({ title: t('consents.receiptTitle'), lang: locale });
  doc.font('bold').fontSize(18).text(t('consents.receiptTitle'));
  doc.moveDown(0.3).font('regular').fontSize(10).fillColor('#374151').text(t('consents.receiptIntro'));
  doc.moveDown(0.3);
  field(doc, t('statement.issuedAt'), f.dateTime(now, 'dateTime'));
  field(doc, t('consents.records.event'), t(`consents.records.events.${record.event}`));
  field(doc, t('consents.records.thisState'), record.id);

  heading(doc, c.purposes.map((p) => p.name[locale]).join('; '), 12);
  field(doc, t('consents.operator'), `${c.operator.name[locale]}, ${t('home.operatorBin')} ${c.operator.bin}`);
  field(doc, t('consents.subjectName'), c.subjectName);
  const from = f.dateTime(new Date(c.term.validFrom));
  field(
    doc,
    t('consents.term'),
    c.term.validUntil
      ? t('consents.termUntil', { from, until: f.dateTime(new Date(c.term.validUntil)) })
      : t('consents.termOpen', { from }),
  );
  field(doc, t('consents.thirdParty'), yesNo(c.thirdPartyTransfer.yes));
  if (c.thirdPartyTransfer.recipients.length > 0)
    field(
      doc,
      t('consents.recipients'),
      c.thirdPartyTransfer.recipients.map((r) => `${r.name[locale]} (${f.country(r.country)})`).join('; '),
    );
  field(doc, t('consents.crossBorder'), yesNo(c.crossBorderTransfer.yes));
  if (c.crossBorderTransfer.countries.length > 0)
    field(doc, t('consents.countries'), c.crossBorderTransfer.countries.map(f.country).join(', '));
  field(doc, t('consents.publicSources'), yesNo(c.publicSources));
  field(doc, t('consents.dataList'), c.dataCategories.map((d) => d.name[locale]).join(', '));
  if (c.otherTerms) field(doc, t('consents.other'), c.otherTerms[locale]);

  heading(doc, t('consents.records.historyTitle'), 12);
  for (const r of history) {
    doc
      .moveDown(0.3)
      .font(r.id === record.id ? 'bold' : 'regular')
      .fontSize(10)
      .fillColor('#111827')
      .text(
        `${t(`consents.records.events.${r.event}`)} · ${t('consents.records.at', { date: f.dateTime(r.at, 'dateTime') })}`,
      );
    field(doc, t('consents.channel'), t(`consents.channels.${r.channel}`));
    field(doc, t('consents.records.actor'), t(`consents.records.actors.${consentActorKey(r.actorRole)}`));
    field(doc, t('consents.records.noticeVersion'), r.noticeVersion);
    field(doc, t('consents.records.language'), t(`locales.${r.locale as Locale}`));
    field(doc, t('consents.records.hash'), r.sha256);
    if (r.prevSha256) field(doc, t('consents.records.prevHash'), r.prevSha256);
  }
  return finishPdf(doc, (page, pages) => t('statement.page', { page, pages }));
}
