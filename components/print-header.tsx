import { getFormatter, getTranslations } from '@/i18n/server';
import type { Locale } from 'next-intl';
import type { OperatorProfile } from '@/db/schema/operator';

/**
 * Whose page a printout is (issue 14, point 6): the operator with its BIN and the data subject,
 * and when it was printed. Shown on paper only; on screen the page says it already.
 */
export async function PrintHeader({
  locale,
  operator,
  subjectName,
}: {
  locale: Locale;
  operator: Pick<OperatorProfile, 'name' | 'bin'> | null;
  subjectName: string;
}) {
  const [t, format] = await Promise.all([getTranslations('print'), getFormatter()]);
  return (
    <div className="hidden border-b border-slate-300 pb-3 text-sm print:block">
      {operator && <p className="font-semibold">{t('operator', { name: operator.name[locale], bin: operator.bin })}</p>}
      <p>{t('subject', { name: subjectName })}</p>
      <p>{t('printedAt', { date: format.dateTime(new Date(), { dateStyle: 'long', timeStyle: 'short' }) })}</p>
    </div>
  );
}
