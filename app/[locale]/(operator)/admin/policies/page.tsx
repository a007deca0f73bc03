import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { listDeadlinePolicies } from '@/db/queries/deadlines';
import { requireStaff } from '@/lib/auth/session';
import { currentNoticeVersion } from '@/lib/privacy-notice/versions';
import { savePolicyAction } from '../calendar/actions';
import { publishNoticeAction } from './actions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.policies' });
  return { title: t('title') };
}

/** Deadlines as data, with their citations (reference §2): the dpo edits them; new requests follow. */
export default async function PoliciesPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireStaff('calendar.manage');
  const [t, tp, format, policies, notice] = await Promise.all([
    getTranslations('compliance.policies'),
    getTranslations('compliance.privacy'),
    getFormatter(),
    listDeadlinePolicies(getDb()),
    currentNoticeVersion(getDb()),
  ]);
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
        <p className="text-slate-600">{t('ceiling')}</p>
      </header>
      <section aria-labelledby="notice" className="card space-y-2 text-sm">
        <h2 id="notice" className="text-base font-semibold">
          {tp('title')}
        </h2>
        <p>
          {notice
            ? tp('currentVersion', {
                version: notice.version,
                date: format.dateTime(notice.approvedAt, { dateStyle: 'long' }),
              })
            : tp('notPublished')}
        </p>
        <p className="text-slate-600">{tp('publishHelp')}</p>
        <ActionForm action={publishNoticeAction} className="space-y-2">
          <label className="flex items-center gap-2">
            <input name="confirm" type="checkbox" required className="size-4" />
            {tp('publishConfirm')}
          </label>
          <SubmitButton label={tp('publish')} pendingLabel={tp('publish')} className="btn-secondary py-1.5" />
        </ActionForm>
      </section>
      <ul className="grid gap-4 lg:grid-cols-2">
        {policies.map((policy) => (
          <li key={policy.code} className="card">
            <ActionForm action={savePolicyAction} className="space-y-2 text-sm">
              <h2 className="text-base font-semibold">{t(`codes.${policy.code}`)}</h2>
              {policy.source && policy.statutoryWorkingDays !== null && (
                <div className="space-y-0.5 text-slate-700">
                  <p>{t('source', { source: policy.source[locale] })}</p>
                  <p>{t('statutory', { days: policy.statutoryWorkingDays })}</p>
                  {policy.statutoryMaxExtension === 0 && <p>{t('noStatutoryExtension')}</p>}
                </div>
              )}
              <p className="text-slate-600">{policy.citation[locale]}</p>
              <input type="hidden" name="code" value={policy.code} />
              <div className="grid grid-cols-2 gap-2">
                <label className="space-y-1">
                  <span className="block font-medium">{t('workingDays')}</span>
                  <input
                    name="workingDays"
                    type="number"
                    min={1}
                    max={policy.statutoryWorkingDays ?? 60}
                    required
                    defaultValue={policy.workingDays}
                    className="field-input"
                  />
                </label>
                <label className="space-y-1">
                  <span className="block font-medium">{t('maxExtension')}</span>
                  <input
                    name="maxExtension"
                    type="number"
                    min={0}
                    max={policy.statutoryMaxExtension ?? 60}
                    required
                    defaultValue={policy.maxExtensionWorkingDays}
                    className="field-input"
                  />
                </label>
              </div>
              <details>
                <summary className="cursor-pointer text-brand-700">{t('citation')}</summary>
                <div className="mt-2 space-y-2">
                  <label className="block space-y-1">
                    <span className="block font-medium">{t('citationKk')}</span>
                    <input
                      name="citationKk"
                      required
                      lang="kk"
                      defaultValue={policy.citation.kk}
                      className="field-input"
                    />
                  </label>
                  <label className="block space-y-1">
                    <span className="block font-medium">{t('citationRu')}</span>
                    <input
                      name="citationRu"
                      required
                      lang="ru"
                      defaultValue={policy.citation.ru}
                      className="field-input"
                    />
                  </label>
                  <label className="block space-y-1">
                    <span className="block font-medium">{t('citationEn')}</span>
                    <input
                      name="citationEn"
                      required
                      lang="en"
                      defaultValue={policy.citation.en}
                      className="field-input"
                    />
                  </label>
                </div>
              </details>
              <SubmitButton label={t('save')} pendingLabel={t('save')} className="btn-secondary py-1.5" />
            </ActionForm>
          </li>
        ))}
      </ul>
    </div>
  );
}
