import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { locales } from '@/db/schema/subjects';
import { requireSubject } from '@/lib/auth/session';
import { setLanguageAction } from './actions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'myAccount' });
  return { title: t('title') };
}

/** My account: the language the operator writes to me in (e-mails, letters, PDFs). */
export default async function AccountPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { subject } = await requireSubject();
  const [t, tl] = await Promise.all([getTranslations('myAccount'), getTranslations('subjectLanguage')]);
  if (!subject) return <p className="text-slate-700">{t('none')}</p>;

  return (
    <div className="max-w-2xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
      </header>
      <section aria-labelledby="language" className="card space-y-3">
        <h2 id="language" className="font-semibold">
          {t('languageTitle')}
        </h2>
        <p className="text-sm text-slate-600">{t('languageHelp')}</p>
        <p className="text-sm">{t('languageNow', { language: tl('name', { locale: subject.locale }) })}</p>
        <ActionForm action={setLanguageAction} className="flex flex-wrap items-end gap-3">
          <label className="space-y-1 text-sm">
            <span className="block font-medium">{t('language')}</span>
            <select name="locale" defaultValue={subject.locale} className="field-input">
              {locales.map((l) => (
                <option key={l} value={l}>
                  {tl('name', { locale: l })}
                </option>
              ))}
            </select>
          </label>
          <SubmitButton label={t('save')} pendingLabel={t('save')} className="btn-secondary py-1.5" />
        </ActionForm>
      </section>
    </div>
  );
}
