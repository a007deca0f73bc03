import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { Link } from '@/i18n/link';
import { SIGN_IN_LINK_MINUTES } from '@/lib/auth/config';
import { isDemo } from '@/lib/env';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'checkEmail' });
  return { title: t('title') };
}

export default async function CheckEmailPage({ params }: Props) {
  setRequestLocale((await params).locale);
  const t = await getTranslations('checkEmail');
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <p className="text-slate-700">{t('lead')}</p>
      <p className="text-slate-700">{t('validFor', { minutes: SIGN_IN_LINK_MINUTES })}</p>
      {isDemo() && (
        <p className="rounded border border-amber-200 bg-amber-50 p-3 text-sm">
          <Link href="/demo-mailbox">{t('demo')}</Link>
        </p>
      )}
      <p className="text-sm text-slate-600">{t('noEmail')}</p>
      <Link href="/sign-in" className="btn-secondary">
        {t('again')}
      </Link>
    </div>
  );
}
