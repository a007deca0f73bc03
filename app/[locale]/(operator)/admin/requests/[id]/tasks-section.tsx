import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import type { Locale } from '@/db/schema/subjects';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import type { StaffUser } from '@/lib/auth/session';
import type { RequestTask } from '@/lib/tasks/queries';
import { TASK_NOTE_MAX } from '@/lib/tasks/close';
import { markTaskByHandAction, sendTaskAgainAction } from './actions';

/**
 * Art. 25(2)(8): the request's execution in each of the operator's systems, by system: what each
 * must do, how far it is, and, after a failure, the reason with what staff can do: send it again,
 * or mark it done by hand (with a note of what was done), which is also there for an open task
 * whose system cannot answer.
 */
export async function TasksSection({
  requestId,
  tasks,
  staff,
  locale,
}: {
  requestId: string;
  tasks: RequestTask[];
  staff: StaffUser;
  locale: Locale;
}) {
  if (tasks.length === 0) return null;
  const [t, tb, ta, ts, format] = await Promise.all([
    getTranslations('backoffice.request'),
    getTranslations('backoffice.tasks'),
    getTranslations('taskAction'),
    getTranslations('taskState'),
    getFormatter(),
  ]);
  const canWork = can(staff.role, 'requests.work');
  const systems = [...new Map(tasks.map((task) => [task.systemId, task])).values()];
  const done = systems.filter((s) => tasks.every((task) => task.systemId !== s.systemId || task.state === 'done'));
  return (
    <section aria-labelledby="tasks" className="card space-y-3">
      <h2 id="tasks" className="text-lg font-semibold">
        {t('tasksTitle')}
      </h2>
      <p className="text-sm">{t('executedIn', { done: done.length, total: systems.length })}</p>
      <p className="text-sm text-slate-600">{t('tasksHelp')}</p>
      {systems.map((system) => (
        <div key={system.systemId} className="space-y-2 border-t border-slate-100 pt-2">
          <h3 className="font-medium">
            {system.systemName[locale]} <span className="font-mono text-xs text-slate-500">{system.systemCode}</span>
          </h3>
          <ul className="space-y-2 text-sm">
            {tasks
              .filter((task) => task.systemId === system.systemId)
              .map((task) => (
                <li
                  key={task.id}
                  data-task={task.id}
                  className={`rounded p-2 ${task.state === 'failed' ? 'bg-red-50' : task.state === 'done' ? 'bg-emerald-50' : 'bg-slate-50'}`}
                >
                  <p>
                    <span className="font-medium">{ta(task.action)}</span> · {ts(task.state)}
                    {task.attempt > 1 && ` · ${tb('attempt', { attempt: task.attempt })}`}
                    {task.closedAt &&
                      ` · ${format.dateTime(task.closedAt, { dateStyle: 'medium', timeStyle: 'short' })}`}
                    {task.systemExecution === 'manual' && (
                      <>
                        {' · '}
                        {task.assigneeName ?? task.assigneeEmail ?? tb('nobody')}
                        {task.state === 'open' && can(staff.role, 'tasks.work') && (
                          <>
                            {' · '}
                            <Link href={`/admin/tasks/${task.id}`}>{tb('open')}</Link>
                          </>
                        )}
                      </>
                    )}
                  </p>
                  <p className="text-slate-600">{task.items.map((i) => i.categoryName[locale]).join(', ')}</p>
                  {task.note && (
                    <p className="whitespace-pre-wrap">
                      {task.state === 'failed'
                        ? t('taskReason', { reason: task.note })
                        : t('taskNote', { note: task.note })}
                    </p>
                  )}
                  {task.state !== 'done' && canWork && (
                    <div className="mt-2 flex flex-wrap items-start gap-3">
                      {task.state === 'failed' && (
                        <ActionForm action={sendTaskAgainAction}>
                          <input type="hidden" name="requestId" value={requestId} />
                          <input type="hidden" name="taskId" value={task.id} />
                          <SubmitButton
                            label={t('sendAgain')}
                            pendingLabel={t('sendAgain')}
                            className="btn-secondary py-1.5"
                          />
                        </ActionForm>
                      )}
                      <ActionForm action={markTaskByHandAction} className="flex flex-wrap items-end gap-2">
                        <input type="hidden" name="requestId" value={requestId} />
                        <input type="hidden" name="taskId" value={task.id} />
                        <label className="block space-y-1">
                          <span className="block">{t('handNote')}</span>
                          <input name="note" required maxLength={TASK_NOTE_MAX} className="field-input" />
                        </label>
                        <SubmitButton
                          label={t('markByHand')}
                          pendingLabel={t('markByHand')}
                          className="btn-secondary py-1.5"
                        />
                      </ActionForm>
                    </div>
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
