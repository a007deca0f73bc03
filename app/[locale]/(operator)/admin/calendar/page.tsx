import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { listCalendarDays, type CalendarDayEntry } from '@/db/queries/deadlines';
import { calendarDayKinds } from '@/db/schema/calendar';
import { Link } from '@/i18n/link';
import { requireStaff } from '@/lib/auth/session';
import { buildCalendar, shiftDay } from '@/lib/deadlines/calendar';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { removeDayAction, saveDayAction } from './actions';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.nav' });
  return { title: t('calendar') };
}

const style = {
  working: 'bg-white text-slate-800',
  weekend: 'bg-slate-100 text-slate-600',
  holiday: 'bg-red-600 text-white',
  carried: 'bg-red-200 text-red-900',
  dayOff: 'bg-orange-300 text-orange-950',
  transferred: 'bg-amber-300 text-amber-950',
  worked: 'bg-emerald-200 text-emerald-950 ring-1 ring-emerald-600',
} as const;

/** The dpo's calendar (reference §3): a year at a glance, and the decisions behind it, editable. */
export default async function CalendarPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireStaff('calendar.manage');
  const requested = parseSearchParams(await searchParams, { year: param.integer(2000, 2100) }).values.year;
  const year = requested ?? new Date().getUTCFullYear();
  const [t, format, all] = await Promise.all([
    getTranslations('compliance.calendar'),
    getFormatter(),
    // The year before matters too: a holiday on 31 December's weekend is carried into January.
    listCalendarDays(getDb(), `${year - 1}-12-01`, `${year}-12-31`),
  ]);
  const calendar = buildCalendar(all);
  const carried = new Set(calendar.carriedOver().values());
  const entries = all.filter((e) => e.day.startsWith(String(year)));
  const byDay = new Map(entries.map((e) => [e.day, e]));
  const kindOf = (day: string): keyof typeof style => {
    const entry = byDay.get(day);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (entry?.kind === 'working_day') return 'worked';
    if (entry?.kind === 'holiday') return 'holiday';
    if (entry?.kind === 'day_off') return 'dayOff';
    if (entry?.kind === 'transferred_day_off') return 'transferred';
    if (carried.has(day)) return 'carried';
    return weekday === 0 || weekday === 6 ? 'weekend' : 'working';
  };
  let workingDays = 0;
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = shiftDay(day, 1))
    if (calendar.isWorkingDay(day)) workingDays++;

  const dayForm = (entry?: CalendarDayEntry) => (
    <ActionForm action={saveDayAction} className="grid gap-2 text-sm sm:grid-cols-2">
      {entry && <input type="hidden" name="previousDay" value={entry.day} />}
      <label className="space-y-1">
        <span className="block font-medium">{t('day')}</span>
        <input name="day" type="date" required defaultValue={entry?.day} className="field-input" />
      </label>
      <label className="space-y-1">
        <span className="block font-medium">{t('kind')}</span>
        <select name="kind" defaultValue={entry?.kind ?? 'holiday'} className="field-input">
          {calendarDayKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1">
        <span className="block font-medium">{t('nameKk')}</span>
        <input name="nameKk" required lang="kk" defaultValue={entry?.name.kk} className="field-input" />
      </label>
      <label className="space-y-1">
        <span className="block font-medium">{t('nameRu')}</span>
        <input name="nameRu" required lang="ru" defaultValue={entry?.name.ru} className="field-input" />
      </label>
      <label className="space-y-1">
        <span className="block font-medium">{t('nameEn')}</span>
        <input name="nameEn" required lang="en" defaultValue={entry?.name.en} className="field-input" />
      </label>
      <label className="space-y-1 sm:col-span-2">
        <span className="block font-medium">{t('source')}</span>
        <input
          name="source"
          required
          defaultValue={entry?.source}
          placeholder={t('sourceHelp')}
          className="field-input"
        />
      </label>
      <label className="flex items-center gap-2 sm:col-span-2">
        <input name="isProvisional" type="checkbox" defaultChecked={entry?.isProvisional} className="size-4" />
        {t('isProvisional')}
      </label>
      <div className="sm:col-span-2">
        <SubmitButton label={t('save')} pendingLabel={t('save')} className="btn-primary py-1.5" />
      </div>
    </ActionForm>
  );

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title', { year })}</h1>
        <p className="text-slate-600">{t('lead')}</p>
        <p className="flex gap-4 text-sm">
          <Link href={`/admin/calendar?year=${year - 1}`}>← {t('previous', { year: year - 1 })}</Link>
          <Link href={`/admin/calendar?year=${year + 1}`}>{t('next', { year: year + 1 })} →</Link>
          <span className="font-medium">{t('workingDays', { count: workingDays, year })}</span>
        </p>
      </header>

      <section aria-label={t('legend')} className="flex flex-wrap gap-3 text-xs">
        {(Object.keys(style) as (keyof typeof style)[]).map((k) => (
          <span key={k} className="flex items-center gap-1">
            <span className={`inline-block size-4 rounded ${style[k]}`} />
            {t(k)}
          </span>
        ))}
      </section>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
        {Array.from({ length: 12 }, (_, month) => {
          const first = `${year}-${String(month + 1).padStart(2, '0')}-01`;
          const offset = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
          const days: string[] = [];
          for (let day = first; day.slice(5, 7) === first.slice(5, 7); day = shiftDay(day, 1)) days.push(day);
          return (
            <section key={month} className="card p-3">
              <h2 className="mb-2 text-sm font-semibold capitalize">
                {format.dateTime(new Date(`${first}T00:00:00Z`), { month: 'long', timeZone: 'UTC' })}
              </h2>
              <ol className="grid grid-cols-7 gap-0.5 text-center text-xs">
                {Array.from({ length: offset }, (_, i) => (
                  <li key={`pad-${i}`} aria-hidden />
                ))}
                {days.map((day) => {
                  const kind = kindOf(day);
                  const entry = byDay.get(day);
                  return (
                    <li
                      key={day}
                      className={`rounded py-1 ${style[kind]} ${entry?.isProvisional ? 'outline-dashed outline-2 outline-offset-[-2px] outline-slate-900' : ''}`}
                      title={`${day}: ${t(kind)}${entry ? ` — ${entry.name[locale]}` : ''}${entry?.isProvisional ? ` (${t('provisional')})` : ''}`}
                    >
                      {Number(day.slice(8))}
                    </li>
                  );
                })}
              </ol>
            </section>
          );
        })}
      </div>

      <section aria-labelledby="add-day" className="card space-y-3">
        <h2 id="add-day" className="text-lg font-semibold">
          {t('add')}
        </h2>
        {dayForm()}
      </section>

      <section aria-labelledby="entries" className="card space-y-3">
        <h2 id="entries" className="text-lg font-semibold">
          {t('entries', { year })}
        </h2>
        <ul className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <li key={entry.day} className="space-y-2 py-3">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{entry.day}</span>
                <span className="font-medium">{entry.name[locale]}</span>
                <span className="text-sm text-slate-600">{t(`kinds.${entry.kind}`)}</span>
                {entry.isProvisional && (
                  <span className="rounded bg-amber-100 px-1.5 text-xs text-amber-900">{t('provisional')}</span>
                )}
              </p>
              <p className="text-xs text-slate-500">{entry.source}</p>
              <div className="flex flex-wrap gap-3">
                <details className="flex-1">
                  <summary className="cursor-pointer text-sm text-brand-700">{t('edit')}</summary>
                  <div className="mt-2">{dayForm(entry)}</div>
                </details>
                <ActionForm action={removeDayAction}>
                  <input type="hidden" name="day" value={entry.day} />
                  <SubmitButton label={t('remove')} pendingLabel={t('remove')} className="btn-secondary py-1 text-sm" />
                </ActionForm>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
