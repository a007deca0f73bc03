import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { currentNoticeVersion } from '@/lib/privacy-notice/versions';
import { PrivacyNotice } from './notice';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.privacy' });
  return { title: t('title') };
}

/**
 * The privacy notice in force: the latest approved version (Art. 25(2)(1)-(1-1)), rendered from
 * what was approved, not from today's inventory. Past versions: /privacy/versions.
 */
export default async function PrivacyPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, notice] = await Promise.all([getTranslations('compliance.privacy'), currentNoticeVersion(getDb())]);
  if (!notice)
    return (
      <article className="max-w-3xl space-y-2">
        <h1 className="text-3xl font-bold">{t('title')}</h1>
        <p>{t('notPublished')}</p>
      </article>
    );
  return <PrivacyNotice locale={locale} notice={notice} inForce />;
}
