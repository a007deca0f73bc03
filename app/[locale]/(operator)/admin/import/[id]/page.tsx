import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { ConfirmStep } from '@/components/confirm-step';
import { getDb } from '@/db';
import type { ImportRunReport } from '@/db/schema/imports';
import { Link } from '@/i18n/link';
import { localePath } from '@/i18n/paths';
import { requireStaff } from '@/lib/auth/session';
import { findImportProgress, findImportRun } from '@/lib/import/runs';
import { cancelImportAction, startImportAction } from '../actions';
import { ImportCounts } from '../import-counts';
import { ImportProgress } from './progress';
import { progressOf } from './progress-text';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale; id: string }> };

/** Rows listed on the page; the download has every listed row. */
const SHOWN = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'importRuns' });
  return { title: t('title') };
}

/** One import: its dry run's report, the import's progress and outcome, and the steps left. */
export default async function ImportRunPage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requireStaff('import.run');
  const db = getDb();
  const found = UUID.test(id) ? await findImportRun(db, id) : null;
  if (!found) notFound();
  const { run } = found;
  const [t, tc, tRun, format] = await Promise.all([
    getTranslations('importRuns'),
    getTranslations('common'),
    getTranslations('importRuns.run'),
    getFormatter(),
  ]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const working = run.state === 'uploaded' || run.state === 'checking' || run.state === 'running';
  const progress = working ? await findImportProgress(db, run.id) : null;
  const open = working || run.state === 'checked';

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <p>
          <Link href="/admin/import">{tRun('back')}</Link>
        </p>
        <h1 className="text-2xl font-bold break-all">{tRun('title', { file: run.fileName })}</h1>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-600">{t('columns.kind')}</dt>
          <dd>{t(`kinds.${run.kind}`)}</dd>
          <dt className="text-slate-600">{t('columns.who')}</dt>
          <dd>
            {found.createdByName ?? found.createdByEmail}, {date(run.createdAt)}
          </dd>
          <dt className="text-slate-600">{tRun('size')}</dt>
          <dd>{tRun('megabytes', { size: Math.max(Math.round(run.fileBytes / 10_485.76) / 100, 0.01) })}</dd>
          <dt className="text-slate-600">{t('columns.state')}</dt>
          <dd data-testid="import-state">{t(`states.${run.state}`)}</dd>
        </dl>
      </header>

      {run.state === 'failed' && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {t(`failures.${run.failure ?? 'internal'}`)}
        </p>
      )}

      {progress && (
        <section aria-labelledby="progress" className="card space-y-3">
          <h2 id="progress" className="text-lg font-semibold">
            {run.state === 'running' ? tRun('importing') : tRun('checking')}
          </h2>
          <ImportProgress
            statusUrl={localePath(locale, `/admin/import/${run.id}/status`)}
            // The state this page was rendered for, not the one read a moment later for the bar: a
            // run checked in between would otherwise look unchanged to the poll, which then never
            // renders the page again (CI: "being checked" shown for a minute for a run long checked).
            initial={await progressOf(locale, { ...progress, state: run.state })}
            label={run.state === 'running' ? tRun('importProgress') : tRun('checkProgress')}
          />
        </section>
      )}

      {run.state === 'done' && run.result && (
        <section aria-labelledby="result" className="card space-y-3">
          <h2 id="result" className="text-lg font-semibold">
            {tRun('result')}
          </h2>
          <p role="status">{tRun('done', { date: date(run.finishedAt ?? run.updatedAt), rows: run.result.rows })}</p>
          <ImportCounts counts={run.result.counts} />
          {(run.result.skipped ?? 0) > 0 && (
            <p className="text-sm">{tRun('resumed', { skipped: run.result.skipped! })}</p>
          )}
        </section>
      )}

      {run.state === 'checked' && (
        <section aria-labelledby="next" className="card space-y-3">
          <h2 id="next" className="text-lg font-semibold">
            {tRun('next')}
          </h2>
          <p className="text-sm text-slate-600">{tRun('startHelp')}</p>
          <ActionForm action={startImportAction} className="space-y-2">
            <input type="hidden" name="runId" value={run.id} />
            <SubmitButton label={tRun('start')} pendingLabel={tRun('start')} />
          </ActionForm>
        </section>
      )}

      {run.report && (
        <Report
          report={run.report}
          downloadUrl={open ? localePath(locale, `/admin/import/${run.id}/rejected`) : null}
        />
      )}

      {open && (
        <section aria-labelledby="cancel" className="space-y-2">
          <h2 id="cancel" className="sr-only">
            {tRun('cancel')}
          </h2>
          <p className="text-sm text-slate-600">{tRun('fileKept')}</p>
          <ActionForm action={cancelImportAction} className="space-y-2">
            <input type="hidden" name="runId" value={run.id} />
            {/* The file is deleted: the first press asks, "Yes" cancels. */}
            <ConfirmStep
              ask={tRun('cancel')}
              question={tRun('cancelQuestion')}
              yes={tRun('cancelConfirm')}
              pending={tRun('cancelling')}
              no={tc('confirmNo')}
            />
          </ActionForm>
        </section>
      )}
      {!open && <p className="text-sm text-slate-600">{tRun('fileDeleted')}</p>}
    </div>
  );
}

/** The dry run's report: the counts, then every rejected and conflicting row by its line. */
async function Report({ report, downloadUrl }: { report: ImportRunReport; downloadUrl: string | null }) {
  const [tReport, tErrors, tConflicts] = await Promise.all([
    getTranslations('importRuns.report'),
    getTranslations('import.errors'),
    getTranslations('import.conflicts'),
  ]);
  const reason = (translate: typeof tErrors, key: string) =>
    translate.has(key as Parameters<typeof translate>[0]) ? translate(key as Parameters<typeof translate>[0]) : key;
  const rejected = report.rejected.slice(0, SHOWN);
  const conflicts = report.conflicts.slice(0, SHOWN);
  return (
    <section aria-labelledby="report" className="card space-y-4">
      <h2 id="report" className="text-lg font-semibold">
        {tReport('title')}
      </h2>
      <p>
        {tReport('rows', { rows: report.rows, encoding: report.encoding.toUpperCase().replace('WINDOWS', 'Windows') })}
      </p>
      <ImportCounts counts={report.counts} />

      <section aria-labelledby="rejected" className="space-y-2">
        <h3 id="rejected" className="font-semibold">
          {tReport('rejected', { count: report.counts.rejected ?? report.rejected.length })}
        </h3>
        {report.rejected.length === 0 ? (
          <p className="text-sm text-slate-600">{tReport('noRejected')}</p>
        ) : (
          <>
            <p className="text-sm text-slate-600">{tReport('rejectedHelp')}</p>
            {/* Until the run finishes: the rows' cells are deleted with the file. */}
            {downloadUrl && report.rejected[0]?.cells && (
              <p>
                <a href={downloadUrl} download>
                  {tReport('download')}
                </a>
              </p>
            )}
            {report.rejected.length > SHOWN && <p className="text-sm">{tReport('shownFirst', { shown: SHOWN })}</p>}
            <RowTable
              caption={tReport('rejectedCaption')}
              head={[tReport('line'), tReport('externalId'), tReport('reason')]}
              rows={rejected.map((row) => [
                String(row.line),
                row.cells?.external_id ?? '',
                reason(tErrors, row.reason),
              ])}
            />
          </>
        )}
      </section>

      <section aria-labelledby="conflicts" className="space-y-2">
        <h3 id="conflicts" className="font-semibold">
          {tReport('conflicts', { count: report.counts.conflict ?? report.conflicts.length })}
        </h3>
        {report.conflicts.length === 0 ? (
          <p className="text-sm text-slate-600">{tReport('noConflicts')}</p>
        ) : (
          <>
            <p className="text-sm text-slate-600">{tReport('conflictsHelp')}</p>
            <RowTable
              caption={tReport('conflictsCaption')}
              head={[tReport('line'), tReport('externalId'), tReport('reason')]}
              rows={conflicts.map((row) => [String(row.line), row.externalId ?? '', reason(tConflicts, row.reason)])}
            />
          </>
        )}
      </section>
    </section>
  );
}

function RowTable({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  return (
    <ScrollRegion label={caption} className="-mx-4 px-4">
      <table className="w-full min-w-[560px] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            {head.map((cell, index) => (
              <th key={index} scope="col" className="py-1 pr-3 font-medium">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} className="border-b border-slate-100 align-top">
              {row.map((cell, column) =>
                column === 0 ? (
                  <th key={column} scope="row" className="py-1 pr-3 font-normal whitespace-nowrap">
                    {cell}
                  </th>
                ) : (
                  <td key={column} className="py-1 pr-3 break-all">
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
