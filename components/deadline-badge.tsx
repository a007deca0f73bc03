import { useLocale } from 'next-intl';
import { translatorFor } from '@/lib/i18n/translator';
import type { DeadlineStatus } from '@/lib/deadlines/status';

const styles = {
  overdue: 'bg-red-100 text-red-900 ring-red-300',
  dueToday: 'bg-amber-100 text-amber-900 ring-amber-300',
  left: 'bg-slate-100 text-slate-700 ring-slate-200',
} as const;

/**
 * Overdue, due today, or N working days left: a colour and the words, never the colour alone.
 * Synchronous (the request's locale, the process's translator): the queue shows one a row.
 */
export function DeadlineBadge({ status }: { status: DeadlineStatus }) {
  const t = translatorFor(useLocale());
  const text =
    status.kind === 'left'
      ? t('backoffice.due.left', { days: status.workingDays })
      : t(`backoffice.due.${status.kind}`);
  return (
    <span
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${styles[status.kind]}`}
    >
      {text}
    </span>
  );
}
