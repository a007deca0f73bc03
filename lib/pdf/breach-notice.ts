import type { IncidentDetail } from '@/db/queries/incidents';
import type { OperatorProfile } from '@/db/schema/operator';
import { formatterFor, translatorFor } from '@/lib/i18n/translator';
import { breachTextFor } from '@/lib/incidents/record';
import { createPdf, finishPdf, heading } from './document';

/**
 * The notice to the authorized body (Art. 25(2)(8), last indent; Rules 481/НҚ), in Kazakh or
 * Russian: the operator, the responsible person's contacts, what happened, the measures taken and
 * the identifiers needed to notify the affected subjects.
 */
export async function renderBreachNoticePdf(
  incident: IncidentDetail,
  operator: OperatorProfile,
  locale: 'kk' | 'ru',
): Promise<Buffer> {
  const t = translatorFor(locale);
  const f = formatterFor(locale);
  const doc = createPdf({ title: t('compliance.notice.title'), lang: locale });
  doc.font('bold').fontSize(16).text(t('compliance.notice.title'));
  doc.moveDown(0.5).font('regular').fontSize(10);
  doc.text(t('compliance.notice.to'));
  doc.moveDown(0.3);
  doc.text(
    t('compliance.notice.operator', {
      name: operator.name[locale],
      bin: operator.bin,
      address: operator.address[locale],
    }),
  );
  doc.text(
    t('compliance.notice.responsible', {
      name: operator.responsibleName,
      position: operator.responsiblePosition[locale],
      email: operator.responsibleEmail,
      phone: operator.responsiblePhone,
    }),
  );
  doc.text(t('compliance.notice.discovered', { date: f.dateTime(incident.discoveredAt, 'dateTime') }));
  heading(doc, t('compliance.notice.description'), 12);
  doc.text(breachTextFor(locale, incident.description, incident.descriptionRu));
  heading(doc, t('compliance.notice.measures'), 12);
  doc.text(breachTextFor(locale, incident.measures, incident.measuresRu));
  heading(doc, t('compliance.notice.subjects', { count: incident.affected.length }), 12);
  for (const person of incident.affected) {
    doc.text(
      t('compliance.notice.subjectLine', {
        name: person.fullName ?? '—',
        iin: person.iin ?? '—',
        phone: person.phone ?? '—',
      }),
    );
  }
  doc.moveDown();
  doc.fontSize(9).fillColor('#4b5563').text(t('compliance.notice.basis'));
  return finishPdf(doc, (page, pages) => t('statement.page', { page, pages }));
}
