import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { findIncident } from '@/db/queries/incidents';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { isUuid } from '@/lib/ids';
import { maskValue } from '@/lib/mask';
import { breachTextFor } from '@/lib/incidents/record';
import { addIncidentSubjectsAction, markNotifiedAction, notifySubjectsAction } from '../actions';
import { localePath } from '@/i18n/paths';

type Props = { params: Promise<{ locale: Locale; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.incidents' });
  return { title: t('title') };
}

export default async function IncidentPage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('incidents.view');
  const mayManage = can(staff.role, 'incidents.manage');
  if (!isUuid(id)) notFound();
  const incident = await findIncident(getDb(), id);
  if (!incident) notFound();
  const [t, format] = await Promise.all([getTranslations('compliance.incidents'), getFormatter()]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'long', timeStyle: 'short' });
  const hidden = <input type="hidden" name="incidentId" value={incident.id} />;
  return (
    <div className="max-w-3xl space-y-5">
      <p>
        <Link href="/admin/incidents">← {t('back')}</Link>
      </p>
      <h1 className="text-2xl font-bold">
        {t('title')}: {date(incident.discoveredAt)}
      </h1>
      <section className="card space-y-2 text-sm">
        <p className="whitespace-pre-wrap">{breachTextFor(locale, incident.description, incident.descriptionRu)}</p>
        <p className="font-medium">{t('measures')}</p>
        <p className="whitespace-pre-wrap">{breachTextFor(locale, incident.measures, incident.measuresRu)}</p>
        <p className="font-medium">{t('affected', { count: incident.affected.length })}</p>
        <ul className="list-disc pl-5">
          {incident.affected.map((p) => (
            <li key={p.id}>
              {p.fullName ?? '—'} {p.iin && `· ${maskValue(p.iin)}`} {p.email && `· ${p.email}`}
            </li>
          ))}
        </ul>
        {mayManage && !incident.subjectsNotifiedAt && (
          <ActionForm action={addIncidentSubjectsAction} className="space-y-2">
            {hidden}
            <label className="block space-y-1">
              <span className="block font-medium">{t('addSubjects')}</span>
              <span className="block text-slate-600">{t('subjectsHelp')}</span>
              <textarea name="subjects" rows={3} required className="field-input font-mono" />
            </label>
            <SubmitButton
              label={t('addSubjectsSubmit')}
              pendingLabel={t('addSubjectsSubmit')}
              className="btn-secondary py-1.5"
            />
          </ActionForm>
        )}
      </section>
      <section className="card space-y-3 text-sm">
        <h2 className="text-lg font-semibold">{t('noticeTitle')}</h2>
        {incident.authorityNotifiedAt ? (
          <p className="text-emerald-800">{t('authorityNotified', { date: date(incident.authorityNotifiedAt) })}</p>
        ) : (
          <p className={incident.authorityDueAt < new Date() ? 'font-semibold text-red-700' : 'text-amber-800'}>
            {t('authorityDue', { date: date(incident.authorityDueAt) })}
          </p>
        )}
        <p className="text-slate-600">{t('discoveryHelp')}</p>
        <p className="flex flex-wrap gap-3">
          <a href={localePath(locale, `/admin/incidents/${incident.id}/notice/kk`)} download>
            {t('noticeKk')}
          </a>
          <a href={localePath(locale, `/admin/incidents/${incident.id}/notice/ru`)} download>
            {t('noticeRu')}
          </a>
        </p>
        {mayManage && !incident.authorityNotifiedAt && (
          <ActionForm action={markNotifiedAction}>
            {hidden}
            <SubmitButton label={t('markNotified')} pendingLabel={t('markNotified')} className="btn-secondary py-1.5" />
          </ActionForm>
        )}
        {incident.subjectsNotifiedAt ? (
          <p>{t('subjectsNotified', { date: date(incident.subjectsNotifiedAt) })}</p>
        ) : incident.affected.length === 0 ? (
          <p className="text-slate-600">{t('noSubjectsYet')}</p>
        ) : (
          mayManage && (
            <ActionForm action={notifySubjectsAction}>
              {hidden}
              <SubmitButton
                label={t('notifySubjects')}
                pendingLabel={t('notifySubjects')}
                className="btn-secondary py-1.5"
              />
            </ActionForm>
          )
        )}
      </section>
    </div>
  );
}
