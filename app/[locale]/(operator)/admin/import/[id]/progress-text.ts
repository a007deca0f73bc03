import 'server-only';
import { getTranslations } from '@/i18n/server';
import type { AppLocale } from '@/i18n/routing';
import type { Progress } from './progress';

/** A run's position in words: "1,000 of 3,000 rows read" once the total is known (the import), else the rows read so far. */
export async function progressOf(
  locale: AppLocale,
  run: { state: string; rowsRead: number; totalRows: number | null },
): Promise<Progress> {
  const t = await getTranslations({ locale, namespace: 'importRuns.run' });
  const text =
    run.state === 'running' && run.totalRows
      ? t('rowsOf', { read: run.rowsRead, total: run.totalRows })
      : t('rowsRead', { read: run.rowsRead });
  return { state: run.state, rowsRead: run.rowsRead, totalRows: run.state === 'running' ? run.totalRows : null, text };
}
