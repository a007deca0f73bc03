import { hasLocale } from 'next-intl';
import { getDb } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { listSubjectRequestDetails } from '@/db/queries/subject-requests';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { requireSubject } from '@/lib/auth/session';
import { downloadHeaders } from '@/lib/http/download';
import { isUuid } from '@/lib/ids';
import { isRequestFileFormat, requestsFile } from '@/lib/requests/export';

/**
 * One of my requests with its timeline and messages, as JSON, XLSX or CSV in the page's language.
 * Someone else's request is not found. Audited like every download of the subject's data (Art. 8-2).
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ locale: string; id: string; format: string }> },
) {
  const { locale, id, format } = await params;
  const { user, subject } = await requireSubject();
  if (!hasLocale(routing.locales, locale) || !isRequestFileFormat(format) || !subject || !isUuid(id)) {
    return new Response(null, { status: 404 });
  }
  const db = getDb();
  const [details, operator] = await Promise.all([
    listSubjectRequestDetails(db, subject.id, id),
    findOperatorProfile(db),
  ]);
  const [detail] = details;
  if (!detail) return new Response(null, { status: 404 });
  const file = await requestsFile(format, details, operator, locale);
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: user.id, role: 'subject' },
      action: 'data_exported',
      subjectId: subject.id,
      entityType: 'request',
      entityId: detail.request.id,
      details: { format, locale, file: 'request' },
    }),
  );
  return new Response(file.body, {
    headers: downloadHeaders(file.contentType, `request-${detail.request.reference}.${format}`),
  });
}
