import { getTranslations } from '@/i18n/server';
import { Fragment } from 'react';
import type { ConsentReport } from '@/db/queries/consents';
import type { findRequestFormOptions } from '@/db/queries/subject-requests';
import type { RequestType } from '@/db/schema/requests';
import type { Locale } from '@/db/schema/subjects';
import { maskValue } from '@/lib/mask';
import { requestTypeTable } from '@/lib/requests/types';
import { MAX_TEXT_LENGTH, MAX_VALUE_LENGTH } from '@/lib/requests/values';
import { FieldError } from './action-form';

/**
 * The fields of a request of one type, as its definition lists them (lib/requests/types/), which
 * also reads them: used by the subject's own form and by staff registering a paper or e-mail
 * request for them.
 */
export async function RequestFields({
  type,
  locale,
  options,
  consents,
  preselected = [],
}: {
  type: RequestType;
  locale: Locale;
  options: Awaited<ReturnType<typeof findRequestFormOptions>>;
  consents: ConsentReport[];
  /** Items ticked from the start: ids the caller has checked are among `options.items`. */
  preselected?: string[];
}) {
  const t = await getTranslations('requests');
  const shown = (item: (typeof options.items)[number]) =>
    `${item.categoryName[locale]}: ${item.accessLevel === 'restricted' ? maskValue(item.value ?? '') : item.value}`;
  const textarea = (name: string, label: string, help?: string, required = false) => (
    <div className="space-y-1">
      <label htmlFor={name} className="block font-medium">
        {label}
      </label>
      {help && (
        <p id={`${name}-help`} className="text-sm text-slate-600">
          {help}
        </p>
      )}
      <textarea
        id={name}
        name={name}
        rows={4}
        maxLength={MAX_TEXT_LENGTH}
        required={required}
        aria-describedby={help ? `${name}-help` : undefined}
        className="field-input"
      />
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
              <input
                type="checkbox"
                name="items"
                value={item.id}
                defaultChecked={preselected.includes(item.id)}
                className="mt-1 size-4"
              />
              <span className="break-words">{shown(item)}</span>
            </label>
            {withValues && (
              <div className="mt-2 space-y-1 pl-6">
                <label
                  htmlFor={`value-${item.id}`}
                  className="block text-sm"
                >{`${t('form.newValue')} — ${item.categoryName[locale]}`}</label>
                <input
                  id={`value-${item.id}`}
                  name={`value:${item.id}`}
                  maxLength={MAX_VALUE_LENGTH}
                  className="field-input"
                  autoComplete="off"
                />
                <FieldError name={`value:${item.id}`} />
              </div>
            )}
          </li>
        ))}
      </ul>
      <FieldError name="items" />
    </fieldset>
  );
  const activeConsents = consents.filter((c) => c.state === 'active');

  // The type's own fields, in its order (lib/requests/types/).
  return requestTypeTable[type].fields.map((field, index) => {
    switch (field.kind) {
      case 'text':
        return (
          <Fragment key={index}>
            {textarea('description', t(`form.${field.label}`), field.help && t(`form.${field.help}`), field.required)}
          </Fragment>
        );
      case 'items':
        return <Fragment key={index}>{itemPicker(field.newValues)}</Fragment>;
      case 'supplement':
        return (
          <fieldset key={index} className="space-y-2">
            <legend className="font-medium">{t('form.supplementTitle')}</legend>
            <label htmlFor="supplementCategory" className="block text-sm">
              {t('form.supplementCategory')}
            </label>
            <select id="supplementCategory" name="supplementCategory" className="field-input" defaultValue="">
              <option value="">{t('form.supplementNone')}</option>
              {options.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name[locale]}
                </option>
              ))}
            </select>
            <label htmlFor="supplementValue" className="block text-sm">
              {t('form.supplementValue')}
            </label>
            <input
              id="supplementValue"
              name="supplementValue"
              maxLength={MAX_VALUE_LENGTH}
              className="field-input"
              autoComplete="off"
            />
            <FieldError name="supplementValue" />
          </fieldset>
        );
      case 'consent':
        return (
          <fieldset key={index} className="space-y-2">
            <legend className="font-medium">{t('form.consent')}</legend>
            {activeConsents.length === 0 && <p className="text-sm text-slate-600">{t('form.noConsents')}</p>}
            {activeConsents.map((consent) => {
              const disabled = consent.withdrawalLock !== null || consent.pendingWithdrawal !== null;
              return (
                <label
                  key={consent.id}
                  className={`flex items-start gap-2 rounded border border-slate-200 p-3 ${disabled ? 'opacity-70' : ''}`}
                >
                  <input type="radio" name="consentId" value={consent.id} disabled={disabled} className="mt-1 size-4" />
                  <span>
                    {consent.purposes.map((p) => p.name[locale]).join('; ')}
                    {consent.withdrawalLock && (
                      <span className="block text-sm text-amber-900">
                        {t('form.consentLocked')}: {consent.withdrawalLockReason?.[locale]}
                      </span>
                    )}
                    {consent.pendingWithdrawal && (
                      <span className="block text-sm text-slate-600">{consent.pendingWithdrawal.reference}</span>
                    )}
                  </span>
                </label>
              );
            })}
            <FieldError name="consentId" />
          </fieldset>
        );
      case 'automatedPurpose':
        return (
          <fieldset key={index} className="space-y-2">
            <legend className="font-medium">{t('form.automated')}</legend>
            {options.automated.length === 0 && <p className="text-sm text-slate-600">{t('form.noAutomated')}</p>}
            {options.automated.map((purpose) => (
              <label key={purpose.id} className="flex items-start gap-2 rounded border border-slate-200 p-3">
                <input type="radio" name="purposeId" value={purpose.id} className="mt-1 size-4" />
                <span>
                  {purpose.name[locale]}
                  {purpose.automatedLogic && (
                    <span className="block text-sm text-slate-600">{purpose.automatedLogic[locale]}</span>
                  )}
                </span>
              </label>
            ))}
            <FieldError name="purposeId" />
          </fieldset>
        );
    }
  });
}
