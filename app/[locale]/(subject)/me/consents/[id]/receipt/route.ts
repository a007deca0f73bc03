import { hasLocale } from 'next-intl';
import { getDb } from '@/db';
import { findSubjectConsent } from '@/db/queries/consents';
import { findOperatorProfile } from '@/db/queries/operator';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { requireSubject } from '@/lib/auth/session';
import { consentRecordJsonLd } from '@/lib/consents/jsonld';
import { listConsentRecords } from '@/lib/consents/records';
import { env } from '@/lib/env';
import { isUuid } from '@/lib/ids';
import { renderConsentReceiptPdf, renderConsentRecordPdf } from '@/lib/pdf/consent';
import { downloadHeaders } from '@/lib/http/download';

/**
 * A receipt for one of my consents (Art. 25(2)(5), ISO/IEC TS 27560): `?format=jsonld` gives the
 * whole consent record in JSON-LD (DPV-27560); otherwise a PDF of one state, `?record=<id>` for a
 * past one, the latest by default. Another subject's consent or record is not found.
 */
export async function GET(request: Request, { params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  const { user, subject } = await requireSubject();
  if (!hasLocale(routing.locales, locale) || !subject || !isUuid(id)) return new Response(null, { status: 404 });
  const query = new URL(request.url).searchParams;
  const format = query.get('format') ?? 'pdf';
  const recordId = query.get('record');
  if ((format !== 'pdf' && format !== 'jsonld') || (recordId !== null && !isUuid(recordId)))
    return new Response(null, { status: 404 });
  const db = getDb();
  const [consent, operator, history] = await Promise.all([
    findSubjectConsent(db, subject.id, id),
    findOperatorProfile(db),
    listConsentRecords(db, subject.id, id),
  ]);
  if (!consent || !operator) return new Response(null, { status: 404 });
  const record = recordId ? history.find((r) => r.id === recordId) : history.at(-1);
  // A consent given before consent records existed has none: its PDF is its current state.
  if ((recordId || format === 'jsonld') && !record) return new Response(null, { status: 404 });

  let body: Uint8Array<ArrayBuffer>;
  let headers: Record<string, string>;
  if (format === 'jsonld') {
    const document = consentRecordJsonLd(history, { origin: env().AUTH_URL, locale });
    body = new TextEncoder().encode(JSON.stringify(document, null, 2));
    headers = downloadHeaders('application/ld+json', `consent-${consent.id.slice(0, 8)}.jsonld`);
  } else {
    const pdf = record
      ? await renderConsentRecordPdf(record, history, locale)
      : await renderConsentReceiptPdf(consent, operator, locale);
    body = new Uint8Array(pdf);
    const suffix = recordId ? `-${recordId.slice(0, 8)}` : '';
    headers = downloadHeaders('application/pdf', `consent-${consent.id.slice(0, 8)}${suffix}.pdf`);
  }
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: user.id, role: 'subject' },
      action: 'data_exported',
      subjectId: subject.id,
      entityType: 'consent',
      entityId: consent.id,
      details: {
        format: format === 'jsonld' ? 'consent_record_jsonld' : 'consent_receipt',
        locale,
        record: record?.id ?? null,
      },
    }),
  );
  return new Response(body, { headers });
}
