import { hasLocale } from 'next-intl';
import { getDb } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { listSubjectRequestDetails } from '@/db/queries/subject-requests';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { requireSubject } from '@/lib/auth/session';
import { kazakhstanDay } from '@/lib/deadlines/due';
import { downloadHeaders } from '@/lib/http/download';
import { isRequestFileFormat, requestsFile } from '@/lib/requests/export';

/**
 * All my requests with their timelines and messages, as JSON, XLSX or CSV in the page's language
 * (Art. 24(1)(1)). Only the signed-in subject's own: the route takes no id. Audited like every
 * download of the subject's data (Art. 8-2).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; format: string }> }) {
  const { locale, format } = await params;
  const { user, subject } = await requireSubject();
  if (!hasLocale(routing.locales, locale) || !isRequestFileFormat(format) || !subject) {
    return new Response(null, { status: 404 });
  }
  const db = getDb();
  const [details, operator] = await Promise.all([listSubjectRequestDetails(db, subject.id), findOperatorProfile(db)]);
  const file = await requestsFile(format, details, operator, locale);
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: user.id, role: 'subject' },
      action: 'data_exported',
      subjectId: subject.id,
      entityType: 'subject',
      entityId: subject.id,
      details: { format, locale, file: 'requests', requests: details.length },
    }),
  );
  return new Response(file.body, {
    headers: downloadHeaders(file.contentType, `requests-${kazakhstanDay(new Date())}.${format}`),
  });
}
