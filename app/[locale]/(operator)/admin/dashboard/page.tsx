import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { findDashboard } from '@/db/queries/dashboard';
import { countRequests } from '@/db/queries/requests';
import { openRequestStates, requestTypes } from '@/db/schema/requests';
import { Link } from '@/i18n/link';
import { requireStaff } from '@/lib/auth/session';
import { medianWorkingDays, type AnsweredDays } from '@/lib/deadlines/answer-time';
import { kazakhstanToday } from '@/lib/deadlines/due';
import { workingCalendarOf } from '@/lib/deadlines/policy';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.dashboard' });
  return { title: t('title') };
}

/** Art. 25(3)(3): the responsible person controls how requests are received and handled. */
export default async function DashboardPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireStaff('reports.view');
  const db = getDb();
  const today = kazakhstanToday();
  const [t, tq, td, ts, tt, format, dashboard, counts, calendar] = await Promise.all([
    getTranslations('backoffice.dashboard'),
    getTranslations('backoffice.queue'),
    getTranslations('backoffice.due'),
    getTranslations('requestState'),
    getTranslations('requestType'),
    getFormatter(),
    findDashboard(db, today),
    countRequests(db, today),
    workingCalendarOf(db),
  ]);
  // "2 working days · 19.5 h": working days as deadlines count them, and the clock time, which
  // under an hour is said in minutes rather than rounded to "0 h".
  const medianText = (hours: number | null, days: AnsweredDays[]) => {
    const workingDays = medianWorkingDays(calendar, days);
    if (hours == null || workingDays == null) return null;
    const time = hours < 1 ? t('durationMinutes', { minutes: hours * 60 }) : t('durationHours', { hours });
    return t('medianValue', { days: workingDays, time });
  };
  const overallMedian = medianText(dashboard.overall.medianHours, dashboard.overall.answeredDays);
  const byState = openRequestStates
    .map((state) => ({ state, total: counts.byState[state] ?? 0 }))
    .filter((r) => r.total > 0);
  const byType = requestTypes
    .map((type) => ({ type, total: dashboard.openByType.find((o) => o.type === type)?.total ?? 0 }))
    .filter((r) => r.total > 0);
  const answered = dashboard.weeks.reduce((n, w) => n + w.answered, 0);
  const onTime = dashboard.weeks.reduce((n, w) => n + w.onTime, 0);
  const chartWidth = 560;
  const barWidth = chartWidth / Math.max(12, dashboard.weeks.length);

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      <dl className="grid grid-cols-3 gap-3">
        <div className="card p-4">
          <dt className="text-sm text-slate-600">{tq('open')}</dt>
          <dd className="text-3xl font-bold">{format.number(counts.open)}</dd>
        </div>
        <div className="card p-4">
          <dt className="text-sm text-slate-600">
            <Link href="/admin/requests?dueToday=1">{td('dueToday')}</Link>
          </dt>
          <dd className="text-3xl font-bold text-amber-800">{format.number(counts.dueToday)}</dd>
        </div>
        <div className="card p-4">
          <dt className="text-sm text-slate-600">
            <Link href="/admin/requests?overdue=1">{td('overdue')}</Link>
          </dt>
          <dd className="text-3xl font-bold text-red-700">{format.number(counts.overdue)}</dd>
        </div>
      </dl>

      <section aria-labelledby="weeks" className="card space-y-3">
        <h2 id="weeks" className="text-lg font-semibold">
          {t('weeksTitle')}
        </h2>
        {answered === 0 ? (
          <p className="text-slate-600">{t('noData')}</p>
        ) : (
          <>
            <p>
              {t('overallOnTime', { rate: onTime / answered })}
              {overallMedian && ` · ${t('overallMedian', { value: overallMedian })}`}
            </p>
            <svg role="img" aria-label={t('chartLabel')} viewBox={`0 0 ${chartWidth} 140`} className="w-full max-w-2xl">
              {dashboard.weeks.map((w, i) => {
                const height = w.answered ? (w.onTime / w.answered) * 100 : 0;
                return (
                  <g key={w.week}>
                    <rect
                      x={i * barWidth + 4}
                      y={110 - height}
                      width={barWidth - 8}
                      height={height}
                      className={height >= 90 ? 'fill-emerald-500' : height >= 70 ? 'fill-amber-500' : 'fill-red-500'}
                    />
                    <text
                      x={i * barWidth + barWidth / 2}
                      y={126}
                      textAnchor="middle"
                      className="fill-slate-500 text-[9px]"
                    >
                      {w.week.slice(5)}
                    </text>
                  </g>
                );
              })}
              <line x1={0} x2={chartWidth} y1={110} y2={110} className="stroke-slate-300" />
            </svg>
            <ScrollRegion labelledBy="weeks" className="-mx-4 px-4">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-slate-200 text-slate-600">
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t('week')}
                    </th>
                    <th scope="col" className="py-1 pr-3 text-right font-medium">
                      {t('answered')}
                    </th>
                    <th scope="col" className="py-1 pr-3 text-right font-medium">
                      {t('onTimeRate')}
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      {t('median')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {dashboard.weeks
                    .filter((w) => w.answered > 0)
                    .map((w) => (
                      <tr key={w.week} className="border-b border-slate-100">
                        <td className="py-1 pr-3">
                          {format.dateTime(new Date(`${w.week}T00:00:00+05:00`), { dateStyle: 'medium' })}
                        </td>
                        <td className="py-1 pr-3 text-right tabular-nums">{format.number(w.answered)}</td>
                        <td className="py-1 pr-3 text-right tabular-nums">
                          {format.number(w.onTime / w.answered, { style: 'percent' })}
                        </td>
                        <td className="py-1 text-right tabular-nums">
                          {medianText(w.medianHours, w.answeredDays) ?? '—'}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        )}
      </section>

      <div className="grid gap-6 md:grid-cols-3">
        {[
          {
            id: 'by-state',
            title: t('openByState'),
            rows: byState.map((r) => ({
              key: r.state,
              label: ts(r.state),
              total: r.total,
              href: `/admin/requests?state=${r.state}`,
            })),
          },
          {
            id: 'by-type',
            title: t('openByType'),
            rows: byType.map((r) => ({
              key: r.type,
              label: tt(r.type),
              total: r.total,
              href: `/admin/requests?type=${r.type}`,
            })),
          },
          {
            id: 'holders',
            title: t('holders'),
            rows: dashboard.holders.map((h) => ({
              key: h.assigneeId ?? 'none',
              label: h.name ?? tq('unassigned'),
              total: h.open,
              overdue: h.overdue,
              href: `/admin/requests?assignee=${h.assigneeId ?? 'none'}`,
            })),
          },
        ].map((block) => (
          <section key={block.id} aria-labelledby={block.id} className="card">
            <h2 id={block.id} className="mb-2 font-semibold">
              {block.title}
            </h2>
            {block.rows.length === 0 ? (
              <p className="text-sm text-slate-600">—</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {block.rows.map((row) => (
                  <li key={row.key} className="flex justify-between gap-2">
                    <Link href={row.href}>{row.label}</Link>
                    <span className="tabular-nums">
                      {format.number(row.total)}
                      {'overdue' in row && row.overdue ? (
                        <span className="ml-2 text-red-700">
                          ({t('overdueCount')}: {format.number(row.overdue as number)})
                        </span>
                      ) : null}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
