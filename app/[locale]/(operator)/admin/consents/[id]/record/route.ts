import { eq } from 'drizzle-orm';
import { hasLocale } from 'next-intl';
import { getDb } from '@/db';
import { consents } from '@/db/schema/consents';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { requireStaff } from '@/lib/auth/session';
import { consentDownload, readConsentDownloadQuery } from '@/lib/consents/receipt';
import { listConsentRecords } from '@/lib/consents/records';
import { isUuid } from '@/lib/ids';

/**
 * Staff read a subject's consent record (a WITHDRAW request links to it), as the subject's receipt:
 * PDF or `?format=jsonld`, `?record=<id>` for a past state. The view is audited and shows in the
 * subject's activity.
 */
export async function GET(request: Request, { params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  const staff = await requireStaff('requests.view');
  if (!hasLocale(routing.locales, locale) || !isUuid(id)) return new Response(null, { status: 404 });
  const query = readConsentDownloadQuery(request.url, isUuid);
  if (!query) return new Response(null, { status: 404 });
  const db = getDb();
  const [consent] = await db.select({ subjectId: consents.subjectId }).from(consents).where(eq(consents.id, id));
  const history = consent ? await listConsentRecords(db, consent.subjectId, id) : [];
  const record = query.recordId ? history.find((r) => r.id === query.recordId) : history.at(-1);
  if (!consent || !record) return new Response(null, { status: 404 });
  const file = await consentDownload(history, record, query.format, locale);
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: staff.id, role: staff.role },
      action: 'data_viewed',
      subjectId: consent.subjectId,
      entityType: 'consent',
      entityId: id,
      details: { format: query.format === 'jsonld' ? 'consent_record_jsonld' : 'consent_receipt', record: record.id },
    }),
  );
  return new Response(file.body, { headers: file.headers });
}
