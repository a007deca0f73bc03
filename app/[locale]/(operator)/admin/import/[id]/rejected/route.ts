import { z } from 'zod';
import { getDb } from '@/db';
import type { AppLocale } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { requireStaff } from '@/lib/auth/session';
import { importers } from '@/lib/import/runner';
import { rejectedRowsCsv } from '@/lib/import/report';
import { findImportRun } from '@/lib/import/runs';
import { downloadHeaders } from '@/lib/http/download';

type Context = { params: Promise<{ locale: AppLocale; id: string }> };

/**
 * The rows the dry run turned down, as a CSV file to correct and import again: the file's own
 * columns, then the line and the reason in the staff member's language. The rows are personal data:
 * the download is recorded, and it exists only until the run finishes (the cells are deleted then).
 */
export async function GET(_request: Request, { params }: Context) {
  const staff = await requireStaff('import.run');
  const { locale, id } = await params;
  const db = getDb();
  const found = z.uuid().safeParse(id).success ? await findImportRun(db, id) : null;
  const rejected = found?.run.report?.rejected ?? [];
  const importer = found ? importers[found.run.kind] : undefined;
  if (!found || !importer || rejected.length === 0 || rejected.some((row) => !row.cells))
    return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: staff,
      action: 'data_exported',
      entityType: 'import_run',
      entityId: id,
      details: { format: 'csv', rows: rejected.length, what: 'rejected_rows' },
    }),
  );
  const csv = rejectedRowsCsv(
    rejected.map((row) => ({ line: row.line, reason: row.reason, cells: row.cells! })),
    importer.columns,
    locale,
  );
  const name = found.run.fileName.replace(/\.(csv|xlsx)$/i, '');
  return new Response(csv, { headers: downloadHeaders('text/csv; charset=utf-8', `${name}-rejected.csv`) });
}
