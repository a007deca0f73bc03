import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { DeadlineBadge } from '@/components/deadline-badge';
import { getDb } from '@/db';
import { Link } from '@/i18n/link';
import { requireStaff } from '@/lib/auth/session';
import { workingCalendarOf } from '@/lib/deadlines/policy';
import { deadlineStatus } from '@/lib/deadlines/status';
import { isUuid } from '@/lib/ids';
import { TASK_NOTE_MAX } from '@/lib/tasks/close';
import { taskDetail } from '@/lib/tasks/queries';
import { openTaskValues } from '@/lib/tasks/values';
import { closeTaskAction } from './actions';

type Props = { params: Promise<{ locale: Locale; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.tasks' });
  return { title: t('title') };
}

/**
 * One task of a system reached "by a person": whom it concerns, what to change (the new value, only
 * here: opening the page is audited and the subject sees it, Art. 8-2), and the answer: done, with
 * a note if any, or failed with the reason.
 */
export default async function TaskPage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('tasks.work');
  if (!isUuid(id)) notFound();
  const db = getDb();
  const task = await taskDetail(db, id);
  if (!task || task.systemExecution !== 'manual') notFound();
  const shown = await db.transaction((tx) => openTaskValues(tx, staff, task.id));
  const [t, ta, ts, tt, format, calendar] = await Promise.all([
    getTranslations('backoffice.tasks'),
    getTranslations('taskAction'),
    getTranslations('taskState'),
    getTranslations('requestType'),
    getFormatter(),
    workingCalendarOf(db),
  ]);
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: 'long', timeStyle: 'short' });
  const subject = shown.subject;
  const row = (label: string, value: string | null | undefined) =>
    value ? (
      <>
        <dt className="text-slate-500">{label}</dt>
        <dd className="break-words">{value}</dd>
      </>
    ) : null;

  return (
    <div className="max-w-3xl space-y-6">
      <p>
        <Link href="/admin/tasks">← {t('back')}</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">
          {t('pageTitle', { system: task.systemName[locale], action: ta(task.action) })}
        </h1>
        <p className="flex flex-wrap items-center gap-3 text-sm">
          <span className="font-semibold">{ts(task.state)}</span>
          <span>
            {t('request')}:{' '}
            <Link href={`/admin/requests/${task.requestId}`} className="font-mono">
              {task.reference}
            </Link>{' '}
            ({tt(task.type)})
          </span>
          <span>
            {t('due')}: {dateTime(task.dueAt)}
          </span>
          {task.state !== 'done' && <DeadlineBadge status={deadlineStatus(calendar, task.dueAt)} />}
          <span>
            {t('assignee')}: {task.assigneeName ?? t('nobody')}
          </span>
        </p>
        <p className="text-sm text-slate-600">{t('audited')}</p>
      </header>

      <section aria-labelledby="whom" className="card">
        <h2 id="whom" className="mb-2 text-lg font-semibold">
          {t('whom')}
        </h2>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          {row(t('name'), subject?.fullName)}
          {row(t('iin'), subject?.iin)}
          {row(t('email'), subject?.email)}
          {row(t('phone'), subject?.phone)}
        </dl>
      </section>

      <section aria-labelledby="items" className="card space-y-2">
        <h2 id="items" className="text-lg font-semibold">
          {t('items')}
        </h2>
        <p className="text-sm">{t(`instructions.${task.action}`)}</p>
        {task.purposeName && <p className="text-sm">{t('purpose', { purpose: task.purposeName[locale] })}</p>}
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th scope="col" className="py-1 pr-3 font-medium">
                {t('category')}
              </th>
              {task.action === 'rectify' && (
                <th scope="col" className="py-1 font-medium">
                  {t('value')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {shown.items.map((item) => (
              <tr key={item.id} className="border-b border-slate-100 align-top">
                <td className="py-1 pr-3">{item.categoryName[locale]}</td>
                {task.action === 'rectify' && (
                  <td className="py-1 font-medium break-words" data-value>
                    {item.value ?? <em className="font-normal text-slate-500">{t('noValue')}</em>}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {task.state === 'open' ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <ActionForm action={closeTaskAction} className="card space-y-2 border-emerald-300">
            <h2 className="font-semibold">{t('doneTitle')}</h2>
            <input type="hidden" name="taskId" value={task.id} />
            <input type="hidden" name="outcome" value="done" />
            <label className="block space-y-1 text-sm">
              <span className="block font-medium">{t('note')}</span>
              <textarea name="note" rows={3} maxLength={TASK_NOTE_MAX} className="field-input" />
            </label>
            <SubmitButton label={t('markDone')} pendingLabel={t('markDone')} />
          </ActionForm>
          <ActionForm action={closeTaskAction} className="card space-y-2 border-red-200">
            <h2 className="font-semibold">{t('failTitle')}</h2>
            <input type="hidden" name="taskId" value={task.id} />
            <input type="hidden" name="outcome" value="failed" />
            <label className="block space-y-1 text-sm">
              <span className="block font-medium">{t('reason')}</span>
              <textarea name="note" rows={3} maxLength={TASK_NOTE_MAX} required className="field-input" />
            </label>
            <SubmitButton label={t('markFailed')} pendingLabel={t('markFailed')} className="btn-secondary py-2" />
          </ActionForm>
        </div>
      ) : (
        <section className="card space-y-1 text-sm">
          {task.closedAt && <p>{t('closedAt', { at: dateTime(task.closedAt) })}</p>}
          {task.note && <p className="whitespace-pre-wrap">{task.note}</p>}
        </section>
      )}
    </div>
  );
}
