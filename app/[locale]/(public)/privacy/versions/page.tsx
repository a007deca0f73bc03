import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { Link } from '@/i18n/link';
import { listNoticeVersions } from '@/lib/privacy-notice/versions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'compliance.privacy' });
  return { title: t('versionsTitle') };
}

/** Every approved version of the privacy notice, each at its stable address /privacy/v/N (ISO/IEC 29184, 5.2.8). */
export default async function PrivacyVersionsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, format, versions] = await Promise.all([
    getTranslations('compliance.privacy'),
    getFormatter(),
    listNoticeVersions(getDb()),
  ]);
  const latest = versions.at(-1)?.version;
  return (
    <article className="max-w-3xl space-y-4">
      <h1 className="text-3xl font-bold">{t('versionsTitle')}</h1>
      <p className="text-slate-700">{t('versionsLead')}</p>
      {versions.length === 0 ? (
        <p>{t('notPublished')}</p>
      ) : (
        <ul className="list-disc space-y-1 pl-6">
          {[...versions].reverse().map((v) => (
            <li key={v.version}>
              <Link href={`/privacy/v/${v.version}`}>
                {t('versionItem', { version: v.version, date: format.dateTime(v.approvedAt, { dateStyle: 'long' }) })}
              </Link>
              {v.version === latest && ` · ${t('inForce')}`}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
