import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { listIncidents } from '@/db/queries/incidents';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { breachTextFor } from '@/lib/incidents/record';
import { recordIncidentAction } from './actions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.incidents' });
  return { title: t('title') };
}

/** Art. 25(2)(8), last indent: the register of personal-data security breaches. */
export default async function IncidentsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('incidents.view');
  const mayManage = can(staff.role, 'incidents.manage');
  const [t, format, incidents] = await Promise.all([
    getTranslations('compliance.incidents'),
    getFormatter(),
    listIncidents(getDb()),
  ]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const now = new Date();
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      <section aria-labelledby="list" className="card space-y-2">
        {incidents.length === 0 && <p className="text-slate-600">{t('none')}</p>}
        <ul className="divide-y divide-slate-100">
          {incidents.map((i) => (
            <li key={i.id} className="space-y-1 py-3 text-sm">
              <p className="flex flex-wrap gap-3">
                <Link href={`/admin/incidents/${i.id}`} className="font-medium">
                  {date(i.discoveredAt)}
                </Link>
                <span>{t('affected', { count: i.affected })}</span>
                {i.authorityNotifiedAt ? (
                  <span className="text-emerald-800">
                    {t('authorityNotified', { date: date(i.authorityNotifiedAt) })}
                  </span>
                ) : (
                  <span className={i.authorityDueAt < now ? 'font-semibold text-red-700' : 'text-amber-800'}>
                    {t('authorityDue', { date: date(i.authorityDueAt) })}
                  </span>
                )}
              </p>
              <p className="line-clamp-2 text-slate-700">{breachTextFor(locale, i.description, i.descriptionRu)}</p>
            </li>
          ))}
        </ul>
      </section>
      {mayManage && (
        <section aria-labelledby="record" className="card space-y-3">
          <h2 id="record" className="text-lg font-semibold">
            {t('record')}
          </h2>
          <ActionForm action={recordIncidentAction} className="space-y-3 text-sm">
            <label className="block space-y-1">
              <span className="block font-medium">{t('discoveredAt')}</span>
              <input name="discoveredAt" type="datetime-local" required className="field-input" />
            </label>
            <p className="text-slate-600">{t('discoveryHelp')}</p>
            <p className="text-slate-600">{t('bilingualHelp')}</p>
            <label className="block space-y-1">
              <span className="block font-medium">{t('descriptionKk')}</span>
              <textarea name="description" lang="kk" rows={4} required maxLength={8000} className="field-input" />
            </label>
            <label className="block space-y-1">
              <span className="block font-medium">{t('descriptionRu')}</span>
              <textarea name="descriptionRu" lang="ru" rows={4} required maxLength={8000} className="field-input" />
            </label>
            <label className="block space-y-1">
              <span className="block font-medium">{t('measuresKk')}</span>
              <textarea name="measures" lang="kk" rows={3} required maxLength={8000} className="field-input" />
            </label>
            <label className="block space-y-1">
              <span className="block font-medium">{t('measuresRu')}</span>
              <textarea name="measuresRu" lang="ru" rows={3} required maxLength={8000} className="field-input" />
            </label>
            <label className="block space-y-1">
              <span className="block font-medium">{t('subjects')}</span>
              <span className="block text-slate-600">{t('subjectsOptionalHelp')}</span>
              <textarea name="subjects" rows={4} className="field-input font-mono" />
            </label>
            <SubmitButton label={t('submit')} pendingLabel={t('submit')} />
          </ActionForm>
        </section>
      )}
    </div>
  );
}
