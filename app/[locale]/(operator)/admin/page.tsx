import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { countRequests } from '@/db/queries/requests';
import { openRequestStates } from '@/db/schema/requests';
import { requireStaff } from '@/lib/auth/session';
import { kazakhstanToday } from '@/lib/deadlines/due';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'admin' });
  return { title: t('title') };
}

/** The back office landing page: the open requests in each state, and how many are late. */
export default async function BackOfficePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('backoffice.enter');
  const [t, tr, ts, format, counts] = await Promise.all([
    getTranslations('admin'),
    getTranslations('roles'),
    getTranslations('requestState'),
    getFormatter(),
    countRequests(getDb(), kazakhstanToday()),
  ]);
  const totals = [
    { label: t('open'), value: counts.open, tone: 'text-slate-900' },
    { label: t('dueToday'), value: counts.dueToday, tone: 'text-amber-800' },
    { label: t('overdue'), value: counts.overdue, tone: 'text-red-700' },
  ];
  const states = openRequestStates.filter((state) => counts.byState[state]);

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead', { role: tr(staff.role) })}</p>
      </header>
      <dl className="grid grid-cols-3 gap-3">
        {totals.map((total) => (
          <div key={total.label} className="card p-4">
            <dt className="text-sm text-slate-600">{total.label}</dt>
            <dd className={`text-3xl font-bold ${total.tone}`}>{format.number(total.value)}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="by-state" className="card">
        <h2 id="by-state" className="mb-3 text-lg font-semibold">
          {t('countsTitle')}
        </h2>
        {states.length === 0 ? (
          <p className="text-slate-600">{t('noRequests')}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-slate-600">
                <th scope="col" className="py-2 font-medium">
                  {t('state')}
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  {t('count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {states.map((state) => (
                <tr key={state} className="border-b border-slate-100">
                  <th scope="row" className="py-2 font-normal">
                    {ts(state)}
                  </th>
                  <td className="py-2 text-right tabular-nums">{format.number(counts.byState[state] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
