import { hasLocale } from 'next-intl';
import { getDb } from '@/db';
import { findSubjectConsent } from '@/db/queries/consents';
import { findOperatorProfile } from '@/db/queries/operator';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { requireSubject } from '@/lib/auth/session';
import { consentDownload, readConsentDownloadQuery } from '@/lib/consents/receipt';
import { listConsentRecords } from '@/lib/consents/records';
import { isUuid } from '@/lib/ids';
import { renderConsentReceiptPdf } from '@/lib/pdf/consent';
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
  const query = readConsentDownloadQuery(request.url, isUuid);
  if (!query) return new Response(null, { status: 404 });
  const db = getDb();
  const [consent, operator, history] = await Promise.all([
    findSubjectConsent(db, subject.id, id),
    findOperatorProfile(db),
    listConsentRecords(db, subject.id, id),
  ]);
  if (!consent || !operator) return new Response(null, { status: 404 });
  const record = query.recordId ? history.find((r) => r.id === query.recordId) : history.at(-1);
  // A consent given before consent records existed has none: its PDF is its current state.
  if ((query.recordId || query.format === 'jsonld') && !record) return new Response(null, { status: 404 });
  const file = record
    ? await consentDownload(history, record, query.format, locale)
    : {
        body: new Uint8Array(await renderConsentReceiptPdf(consent, operator, locale)),
        headers: downloadHeaders('application/pdf', `consent-${consent.id.slice(0, 8)}.pdf`),
      };
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: user.id, role: 'subject' },
      action: 'data_exported',
      subjectId: subject.id,
      entityType: 'consent',
      entityId: consent.id,
      details: {
        format: query.format === 'jsonld' ? 'consent_record_jsonld' : 'consent_receipt',
        locale,
        record: record?.id ?? null,
      },
    }),
  );
  return new Response(file.body, { headers: file.headers });
}
