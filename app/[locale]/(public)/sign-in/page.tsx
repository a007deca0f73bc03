import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { SIGN_IN_LINK_MINUTES } from '@/lib/auth/config';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { SignInForm } from './sign-in-form';

type Props = {
  params: Promise<{ locale: Locale }>;
  searchParams: Promise<SearchParams>;
};

// Built once for the process, not on every request.
const signInParams = { next: param.text(2000), error: param.text(40) };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'signIn' });
  return { title: t('title') };
}

export default async function SignInPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  // `next` is only followed if it is a path of this portal (actions.ts checks it again when the form is sent).
  const { next, error } = parseSearchParams(await searchParams, signInParams).values;
  const t = await getTranslations('signIn');
  // Auth.js sends failed link clicks here with ?error=Verification (expired or used link).
  const linkError = error ? (error === 'Verification' ? t('errors.linkInvalid') : t('errors.generic')) : null;

  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      {linkError && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {linkError}
        </p>
      )}
      <p className="text-slate-700">{t('lead', { minutes: SIGN_IN_LINK_MINUTES })}</p>
      <div className="card">
        <SignInForm
          next={next || undefined}
          labels={{
            email: t('emailLabel'),
            hint: t('emailHint'),
            submit: t('submit'),
            submitting: t('submitting'),
            errors: { invalidEmail: t('errors.invalidEmail'), unavailable: t('errors.unavailable') },
          }}
        />
      </div>
    </div>
  );
}
