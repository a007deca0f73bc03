import { useLocale } from 'next-intl';
import { translatorFor } from '@/lib/i18n/translator';
import type { DeadlineStatus } from '@/lib/deadlines/status';

// Component classes (app/globals.css): the queue shows a badge a row, in its HTML and its payload.
const styles = {
  overdue: 'deadline-badge deadline-overdue',
  dueToday: 'deadline-badge deadline-due-today',
  left: 'deadline-badge deadline-left',
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
  return <span className={styles[status.kind]}>{text}</span>;
}
