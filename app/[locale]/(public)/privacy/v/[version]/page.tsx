import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { currentNoticeVersion, findNoticeVersion } from '@/lib/privacy-notice/versions';
import { PrivacyNotice } from '../../notice';

type Props = { params: Promise<{ locale: Locale; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.privacy' });
  return { title: t('title') };
}

/** A version of the privacy notice at its stable address, exactly as approved; consent records link here. */
export default async function PrivacyVersionPage({ params }: Props) {
  const { locale, version } = await params;
  setRequestLocale(locale);
  if (!/^[1-9][0-9]{0,8}$/.test(version)) notFound();
  const db = getDb();
  const [notice, current] = await Promise.all([findNoticeVersion(db, Number(version)), currentNoticeVersion(db)]);
  if (!notice) notFound();
  return <PrivacyNotice locale={locale} notice={notice} inForce={notice.version === current?.version} />;
}
