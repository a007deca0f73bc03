import { hasLocale } from 'next-intl';
import type { Db } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { listSubjectRequestDetails } from '@/db/queries/subject-requests';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { kazakhstanDay } from '@/lib/deadlines/due';
import { downloadHeaders } from '@/lib/http/download';
import { isUuid } from '@/lib/ids';
import { isRequestFileFormat, requestsFile } from './export';

/**
 * The subject's requests with their timelines and messages as a file to keep, as JSON, XLSX or CSV
 * in the page's language (Art. 24(1)(1)): all of them, or the one `requestId` names. The two
 * download routes under /me/requests answer with it, after requireSubject(). Only the subject's
 * own: someone else's request, an unknown language or format is not found. Audited like every
 * download of the subject's data (Art. 8-2).
 */
export async function subjectRequestsDownload(
  db: Db,
  {
    userId,
    subjectId,
    locale,
    format,
    requestId,
  }: { userId: string; subjectId: string; locale: string; format: string; requestId?: string },
): Promise<Response> {
  const one = requestId !== undefined;
  if (!hasLocale(routing.locales, locale) || !isRequestFileFormat(format) || (one && !isUuid(requestId))) {
    return new Response(null, { status: 404 });
  }
  const [details, operator] = await Promise.all([
    listSubjectRequestDetails(db, subjectId, requestId),
    findOperatorProfile(db),
  ]);
  const request = details[0]?.request;
  if (one && !request) return new Response(null, { status: 404 });
  const file = await requestsFile(format, details, operator, locale);
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: userId, role: 'subject' },
      action: 'data_exported',
      subjectId,
      ...(one
        ? { entityType: 'request', entityId: request!.id, details: { format, locale, file: 'request' } }
        : {
            entityType: 'subject',
            entityId: subjectId,
            details: { format, locale, file: 'requests', requests: details.length },
          }),
    }),
  );
  const name = one ? `request-${request!.reference}` : `requests-${kazakhstanDay(new Date())}`;
  return new Response(file.body, { headers: downloadHeaders(file.contentType, `${name}.${format}`) });
}
