import { hasLocale } from 'next-intl';
import { getDb } from '@/db';
import { listSubjectConsents } from '@/db/queries/consents';
import { findMyDataReport } from '@/lib/my-data/report';
import { findOperatorProfile } from '@/db/queries/operator';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { requireSubject } from '@/lib/auth/session';
import { kazakhstanDay } from '@/lib/deadlines/due';
import { myDataAsCsv, myDataAsJson, myDataAsXlsx } from '@/lib/my-data/export';
import { renderStatementPdfOffThread } from '@/lib/pdf/statement-off-thread';
import { downloadHeaders } from '@/lib/http/download';
import { spreadsheetTypes } from '@/lib/spreadsheet';

const types = {
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
  ...spreadsheetTypes,
} as const;

/**
 * All my data as JSON, XLSX, CSV or a PDF statement in the page's language; the download is
 * audited (Art. 8-2), as every download of the subject's own data is.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; format: string }> }) {
  const { locale, format } = await params;
  const { user, subject } = await requireSubject();
  if (!hasLocale(routing.locales, locale) || !Object.hasOwn(types, format) || !subject) {
    return new Response(null, { status: 404 });
  }
  const db = getDb();
  const [report, consents, operator] = await Promise.all([
    findMyDataReport(db, subject.id, subject),
    listSubjectConsents(db, subject.id),
    findOperatorProfile(db),
  ]);
  if (!report || !operator) return new Response(null, { status: 404 });

  const kind = format as keyof typeof types;
  const body =
    kind === 'pdf'
      ? await renderStatementPdfOffThread(report, consents, operator, locale)
      : kind === 'xlsx'
        ? await myDataAsXlsx(report, consents, operator, locale)
        : kind === 'csv'
          ? myDataAsCsv(report, consents, operator, locale)
          : JSON.stringify(myDataAsJson(report, consents, operator, locale), null, 2);

  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: { id: user.id, role: 'subject' },
      action: 'data_exported',
      subjectId: subject.id,
      entityType: 'subject',
      entityId: subject.id,
      details: { format: kind, locale },
    }),
  );
  return new Response(new Uint8Array(Buffer.from(body)), {
    headers: downloadHeaders(types[kind], `derbes-${kazakhstanDay(new Date())}.${kind}`),
  });
}
