import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { DeadlineBadge } from '@/components/deadline-badge';
import { getDb } from '@/db';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { workingCalendarOf } from '@/lib/deadlines/policy';
import { deadlineStatus } from '@/lib/deadlines/status';
import { listStaffTasks } from '@/lib/tasks/queries';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<{ after?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.tasks' });
  return { title: t('title') };
}

/**
 * The work that executed requests left in the systems reached "by a person" (lib/tasks): open and
 * failed tasks, the staff member's own first, each with its request and the subject's deadline.
 * Agents and the person responsible carry them out (tasks.work); whoever reads requests may look.
 * No value here: it is shown, audited, on the task's own page.
 */
export default async function TasksPage({ params, searchParams }: Props) {
  const { locale } = await params;
  // Where the page starts (lib/tasks listStaffTasks' cursor); anything else is the first page.
  const after = [(await searchParams).after].flat()[0] ?? null;
  setRequestLocale(locale);
  const staff = await requireStaff('requests.view');
  const db = getDb();
  const [t, ta, ts, tt, format, calendar, list] = await Promise.all([
    getTranslations('backoffice.tasks'),
    getTranslations('taskAction'),
    getTranslations('taskState'),
    getTranslations('requestType'),
    getFormatter(),
    workingCalendarOf(db),
    listStaffTasks(db, staff.id, { after }),
  ]);
  const mayWork = can(staff.role, 'tasks.work');
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      <section aria-labelledby="tasks" className="card space-y-3">
        <h2 id="tasks" className="font-semibold">
          {t('total', { count: list.total })}
        </h2>
        {list.tasks.length === 0 ? (
          <p className="text-slate-600">{t('empty')}</p>
        ) : (
          <ScrollRegion labelledBy="tasks" className="-mx-4 px-4">
            <table className="w-full min-w-[720px] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  {(['system', 'action', 'request', 'type', 'due', 'state', 'assignee'] as const).map((key) => (
                    <th key={key} scope="col" className="py-1 pr-3 font-medium">
                      {t(key)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {list.tasks.map((task) => (
                  <tr
                    key={task.id}
                    data-task={task.id}
                    className={`border-b border-slate-100 align-top ${task.assigneeId === staff.id ? 'bg-brand-50/40' : ''}`}
                  >
                    <td className="py-2 pr-3">{task.systemName[locale]}</td>
                    <td className="py-2 pr-3">
                      {mayWork ? <Link href={`/admin/tasks/${task.id}`}>{ta(task.action)}</Link> : ta(task.action)}
                    </td>
                    <td className="py-2 pr-3 font-mono">
                      <Link href={`/admin/requests/${task.requestId}`}>{task.reference}</Link>
                    </td>
                    <td className="py-2 pr-3">{tt(task.type)}</td>
                    <td className="py-2 pr-3 whitespace-nowrap">
                      {dateTime(task.dueAt)} <DeadlineBadge status={deadlineStatus(calendar, task.dueAt)} />
                    </td>
                    <td className={`py-2 pr-3 ${task.state === 'failed' ? 'text-red-800' : ''}`}>
                      {ts(task.state)}
                      {task.attempt > 1 && ` · ${t('attempt', { attempt: task.attempt })}`}
                    </td>
                    <td className="py-2">{task.assigneeName ?? task.assigneeEmail ?? t('nobody')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
      {(after || list.next) && (
        <nav aria-label={t('pages')} className="flex gap-4 text-sm">
          {after && <Link href="/admin/tasks">{t('first')}</Link>}
          {list.next && <Link href={`/admin/tasks?${new URLSearchParams({ after: list.next })}`}>{t('next')}</Link>}
        </nav>
      )}
    </div>
  );
}
