import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { importKinds, type ImportState } from '@/db/schema/imports';
import { Link } from '@/i18n/link';
import { requireStaff } from '@/lib/auth/session';
import { listImportRuns, MAX_IMPORT_BYTES } from '@/lib/import/runs';
import { ImportCounts } from './import-counts';
import { UploadForm } from './upload-form';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'importRuns' });
  return { title: t('title') };
}

/**
 * Issue 12 point 3: the operator's subjects and data items, brought in from a file. Upload, the dry
 * run's report and the import itself are on the run's page (./[id]); here, the form and every run.
 */
export default async function ImportPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireStaff('import.run');
  const [t, format, runs] = await Promise.all([getTranslations('importRuns'), getFormatter(), listImportRuns(getDb())]);
  const megabytes = MAX_IMPORT_BYTES / 1024 / 1024;
  const errors = Object.fromEntries(
    (['noFile', 'empty', 'tooLarge', 'invalid', 'forbidden', 'generic'] as const).map((code) => [
      code,
      t(`errors.${code}`, { megabytes }),
    ]),
  );

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>

      <section aria-labelledby="upload" className="space-y-3">
        <h2 id="upload" className="text-lg font-semibold">
          {t('upload')}
        </h2>
        <UploadForm
          locale={locale}
          maxBytes={MAX_IMPORT_BYTES}
          text={{
            kind: t('kind'),
            kinds: importKinds.map((kind) => ({
              value: kind,
              label: t(`kinds.${kind}`),
              // Column names are what the file's first line must say: shown as code, not as words.
              help: t.rich(`kindColumns.${kind}`, { code: (chunks) => <code>{chunks}</code> }),
            })),
            file: t('file'),
            fileHelp: t('fileHelp', { megabytes }),
            encoding: t('encoding'),
            encodings: [
              { value: 'auto', label: t('encodings.auto') },
              { value: 'utf-8', label: t('encodings.utf8') },
              { value: 'windows-1251', label: t('encodings.cp1251') },
            ],
            submit: t('submit'),
            uploading: t('uploading'),
            errors,
          }}
        />
      </section>

      <section aria-labelledby="runs" className="card space-y-3">
        <h2 id="runs" className="text-lg font-semibold">
          {t('runs')}
        </h2>
        {runs.length === 0 ? (
          <p className="text-slate-600">{t('none')}</p>
        ) : (
          <ScrollRegion labelledBy="runs" className="-mx-4 px-4">
            <table className="w-full min-w-[720px] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('columns.when')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('columns.who')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('columns.file')}
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    {t('columns.state')}
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    {t('columns.counts')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} className="border-b border-slate-100 align-top">
                    <td className="py-1 pr-3 whitespace-nowrap">
                      {format.dateTime(run.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                    </td>
                    <td className="py-1 pr-3">{run.createdByName ?? run.createdByEmail}</td>
                    <td className="py-1 pr-3">
                      <Link href={`/admin/import/${run.id}`} className="break-all">
                        {run.fileName}
                      </Link>
                      <span className="block text-slate-600">{t(`kinds.${run.kind}`)}</span>
                    </td>
                    <td className="py-1 pr-3">{t(`states.${run.state as ImportState}`)}</td>
                    <td className="py-1">
                      <ImportCounts counts={run.resultCounts ?? run.reportCounts} inline />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}
