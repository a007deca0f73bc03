import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { requireStaff } from '@/lib/auth/session';
import { saveOperatorAction } from './actions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'operatorProfile' });
  return { title: t('title') };
}

/** The admin's form for the operator's profile, shown on the home page, statements and notices. */
export default async function OperatorProfilePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireStaff('inventory.manage');
  const [t, profile] = await Promise.all([getTranslations('operatorProfile'), findOperatorProfile(getDb())]);
  const field = (name: string, label: string, value?: string | null, type = 'text') => (
    <label className="block space-y-1">
      <span className="block font-medium">{label}</span>
      <input name={name} type={type} defaultValue={value ?? ''} className="field-input" />
    </label>
  );
  const localized = (name: string, label: string, value?: { kk: string; ru: string; en: string }) => (
    <fieldset className="grid gap-2 sm:grid-cols-3">
      <legend className="mb-1 font-medium">{label}</legend>
      {(['kk', 'ru', 'en'] as const).map((l) => (
        <label key={l} className="block space-y-1">
          <span className="block text-xs text-slate-600">{t(`in.${l}`)}</span>
          <input
            name={`${name}${l[0]!.toUpperCase()}${l[1]}`}
            lang={l}
            defaultValue={value?.[l] ?? ''}
            required
            className="field-input"
          />
        </label>
      ))}
    </fieldset>
  );
  return (
    <div className="max-w-3xl space-y-5">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      <ActionForm action={saveOperatorAction} className="card space-y-4 text-sm">
        {localized('name', t('name'), profile?.name)}
        {field('bin', t('bin'), profile?.bin)}
        {localized('address', t('address'), profile?.address)}
        <div className="grid gap-2 sm:grid-cols-3">
          {field('email', t('email'), profile?.email, 'email')}
          {field('phone', t('phone'), profile?.phone, 'tel')}
          {field('website', t('website'), profile?.website, 'url')}
        </div>
        <div className="grid gap-2 sm:grid-cols-3">
          {field('responsibleName', t('responsibleName'), profile?.responsibleName)}
          {field('responsibleEmail', t('responsibleEmail'), profile?.responsibleEmail, 'email')}
          {field('responsiblePhone', t('responsiblePhone'), profile?.responsiblePhone, 'tel')}
        </div>
        {localized('responsiblePosition', t('responsiblePosition'), profile?.responsiblePosition)}
        {localized('storageLocation', t('storageLocation'), profile?.storageLocation)}
        {field('storageCountry', t('storageCountry'), profile?.storageCountry ?? 'KZ')}
        {profile && profile.storageCountry !== 'KZ' && (
          <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
            {t('storageAbroadWarning')}
          </p>
        )}
        <label className="block space-y-1">
          <span className="block font-medium">{t('storageAbroadReason')}</span>
          <span className="block text-slate-600">{t('storageAbroadHelp')}</span>
          <textarea
            name="storageAbroadReason"
            rows={2}
            maxLength={2000}
            defaultValue={profile?.storageAbroadReason ?? ''}
            className="field-input"
          />
        </label>
        <label className="flex items-center gap-2">
          <input
            name="autoDestroyExpired"
            type="checkbox"
            defaultChecked={profile?.autoDestroyExpired ?? false}
            className="size-4"
          />
          {t('autoDestroy')}
        </label>
        <label className="flex items-center gap-2">
          <input
            name="showSystemNamesToSubjects"
            type="checkbox"
            defaultChecked={profile?.showSystemNamesToSubjects ?? false}
            className="size-4"
          />
          {t('showSystemNames')}
        </label>
        <SubmitButton label={t('save')} pendingLabel={t('save')} />
      </ActionForm>
    </div>
  );
}
