import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { listSubjectConsents } from '@/db/queries/consents';
import { computeDueAtFor, listDeadlinePolicies } from '@/db/queries/deadlines';
import { findRequestFormOptions } from '@/db/queries/subject-requests';
import { Link } from '@/i18n/navigation';
import { requireSubject } from '@/lib/auth/session';
import { MAX_FILE_BYTES, MAX_FILES } from '@/lib/files/attachments';
import { maskValue } from '@/lib/mask';
import { typeOfSlug } from '@/lib/requests/slugs';
import { MAX_TEXT_LENGTH, MAX_VALUE_LENGTH } from '@/lib/requests/values';
import { fileRequestAction } from './actions';

type Props = { params: Promise<{ locale: Locale; type: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, type } = await params;
  const requestType = typeOfSlug(type);
  const t = await getTranslations({ locale, namespace: 'requests' });
  return { title: requestType ? t(`types.${requestType}.title`) : t('newTitle') };
}

/** One form per request type: what will happen and by when, the fields it needs, localized errors. */
export default async function RequestFormPage({ params }: Props) {
  const { locale, type: slug } = await params;
  setRequestLocale(locale);
  const type = typeOfSlug(slug);
  if (!type) notFound();
  const { subject } = await requireSubject();
  const [t, format] = await Promise.all([getTranslations('requests'), getFormatter()]);
  if (!subject) {
    return <p className="text-slate-700">{t('none')}</p>;
  }
  const db = getDb();
  const [options, consents, policies, dueAt] = await Promise.all([
    findRequestFormOptions(db, subject.id),
    type === 'WITHDRAW' ? listSubjectConsents(db, subject.id) : Promise.resolve([]),
    listDeadlinePolicies(db),
    computeDueAtFor(db, type, new Date()),
  ]);
  const days = policies.find((p) => p.code === type)?.workingDays ?? 1;
  const shown = (item: (typeof options.items)[number]) =>
    `${item.categoryName[locale]}: ${item.accessLevel === 'restricted' ? maskValue(item.value ?? '') : item.value}`;
  const textarea = (name: string, label: string, help?: string, required = false) => (
    <div className="space-y-1">
      <label htmlFor={name} className="block font-medium">{label}</label>
      {help && <p id={`${name}-help`} className="text-sm text-slate-600">{help}</p>}
      <textarea id={name} name={name} rows={4} maxLength={MAX_TEXT_LENGTH} required={required} aria-describedby={help ? `${name}-help` : undefined} className="field-input" />
      <FieldError name={name} />
    </div>
  );
  const itemPicker = (withValues: boolean) => (
    <fieldset className="space-y-2">
      <legend className="font-medium">{t('form.pickItems')}</legend>
      <p className="text-sm text-slate-600">{t('form.pickItemsHelp')}</p>
      <ul className="space-y-2">
        {options.items.map((item) => (
          <li key={item.id} className="rounded border border-slate-200 p-3">
            <label className="flex items-start gap-2">
              <input type="checkbox" name="items" value={item.id} className="mt-1 size-4" />
              <span className="break-words">{shown(item)}</span>
            </label>
            {withValues && (
              <div className="mt-2 space-y-1 pl-6">
                <label htmlFor={`value-${item.id}`} className="block text-sm">{`${t('form.newValue')} — ${item.categoryName[locale]}`}</label>
                <input id={`value-${item.id}`} name={`value:${item.id}`} maxLength={MAX_VALUE_LENGTH} className="field-input" autoComplete="off" />
                <FieldError name={`value:${item.id}`} />
              </div>
            )}
          </li>
        ))}
      </ul>
      <FieldError name="items" />
    </fieldset>
  );

  return (
    <div className="max-w-2xl space-y-6">
      <p data-no-print><Link href="/me/requests/new">← {t('form.back')}</Link></p>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t(`types.${type}.title`)}</h1>
        <p className="text-slate-700">{t(`types.${type}.help`)}</p>
      </header>
      <section aria-labelledby="what-happens" className="rounded border border-brand-100 bg-brand-50 p-4 text-sm">
        <h2 id="what-happens" className="font-semibold">{t('form.whatHappens')}</h2>
        <p>{t(`types.${type}.will`)}</p>
        <p className="mt-1">{t('form.byWhen', { date: format.dateTime(dueAt, { dateStyle: 'long' }), days })}</p>
      </section>

      <ActionForm
        action={fileRequestAction}
        className="card space-y-5"
        encType="multipart/form-data"
        fileLimits={{ maxBytes: MAX_FILE_BYTES, maxFiles: MAX_FILES, tooBig: t('errors.fileSizeAny'), tooMany: t('errors.fileCount') }}
      >
        <input type="hidden" name="type" value={type} />
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />

        {type === 'ACCESS' && textarea('description', t('form.note'))}

        {type === 'RECTIFY' && (
          <>
            {itemPicker(true)}
            <fieldset className="space-y-2">
              <legend className="font-medium">{t('form.supplementTitle')}</legend>
              <label htmlFor="supplementCategory" className="block text-sm">{t('form.supplementCategory')}</label>
              <select id="supplementCategory" name="supplementCategory" className="field-input" defaultValue="">
                <option value="">{t('form.supplementNone')}</option>
                {options.categories.map((c) => <option key={c.id} value={c.id}>{c.name[locale]}</option>)}
              </select>
              <label htmlFor="supplementValue" className="block text-sm">{t('form.supplementValue')}</label>
              <input id="supplementValue" name="supplementValue" maxLength={MAX_VALUE_LENGTH} className="field-input" autoComplete="off" />
              <FieldError name="supplementValue" />
            </fieldset>
            {textarea('description', t('form.note'))}
          </>
        )}

        {(type === 'BLOCK' || type === 'DESTROY' || type === 'PUBLIC_REMOVE') && (
          <>
            {type === 'PUBLIC_REMOVE' && textarea('description', t('form.where'), t('form.whereHelp'), true)}
            {itemPicker(false)}
            {type === 'BLOCK' && textarea('description', t('form.violation'), t('form.violationHelp'), true)}
            {type === 'DESTROY' && textarea('description', t('form.reason'), undefined, true)}
          </>
        )}

        {type === 'WITHDRAW' && (
          <fieldset className="space-y-2">
            <legend className="font-medium">{t('form.consent')}</legend>
            {consents.filter((c) => c.state === 'active').length === 0 && <p className="text-sm text-slate-600">{t('form.noConsents')}</p>}
            {consents.filter((c) => c.state === 'active').map((consent) => {
              const disabled = consent.withdrawalLock !== null || consent.pendingWithdrawal !== null;
              return (
                <label key={consent.id} className={`flex items-start gap-2 rounded border border-slate-200 p-3 ${disabled ? 'opacity-70' : ''}`}>
                  <input type="radio" name="consentId" value={consent.id} disabled={disabled} className="mt-1 size-4" />
                  <span>
                    {consent.purposes.map((p) => p.name[locale]).join('; ')}
                    {consent.withdrawalLock && <span className="block text-sm text-amber-900">{t('form.consentLocked')}: {consent.withdrawalLockReason?.[locale]}</span>}
                    {consent.pendingWithdrawal && <span className="block text-sm text-slate-600">{consent.pendingWithdrawal.reference}</span>}
                  </span>
                </label>
              );
            })}
            <FieldError name="consentId" />
          </fieldset>
        )}

        {type === 'OBJECT_AUTO' && (
          <>
            <fieldset className="space-y-2">
              <legend className="font-medium">{t('form.automated')}</legend>
              {options.automated.length === 0 && <p className="text-sm text-slate-600">{t('form.noAutomated')}</p>}
              {options.automated.map((purpose) => (
                <label key={purpose.id} className="flex items-start gap-2 rounded border border-slate-200 p-3">
                  <input type="radio" name="purposeId" value={purpose.id} className="mt-1 size-4" />
                  <span>
                    {purpose.name[locale]}
                    {purpose.automatedLogic && <span className="block text-sm text-slate-600">{purpose.automatedLogic[locale]}</span>}
                  </span>
                </label>
              ))}
              <FieldError name="purposeId" />
            </fieldset>
            {textarea('description', t('form.objection'))}
          </>
        )}

        {type !== 'WITHDRAW' && (
          <div className="space-y-1">
            <label htmlFor="files" className="block font-medium">{t('form.files')}</label>
            <p id="files-help" className="text-sm text-slate-600">{t('form.filesHelp')}</p>
            <input
              id="files"
              name="files"
              type="file"
              multiple
              accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
              aria-describedby="files-help"
              className="block w-full text-sm"
            />
            <FieldError name="files" />
          </div>
        )}

        <SubmitButton label={t('form.submit')} pendingLabel={t('form.submitting')} />
      </ActionForm>
    </div>
  );
}
