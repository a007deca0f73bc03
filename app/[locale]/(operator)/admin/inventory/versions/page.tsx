import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { InventoryDiff } from '@/components/inventory-diff';
import { getDb } from '@/db';
import { Link } from '@/i18n/link';
import { requireStaff } from '@/lib/auth/session';
import { diffSnapshots } from '@/lib/inventory/diff';
import { listVersionsWithSnapshots } from '@/lib/privacy-notice/versions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'inventory.versions' });
  return { title: t('title') };
}

/** Every approved version, newest first: when, by whom, and what it changed from the one before. */
export default async function InventoryVersionsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireStaff('inventory.view');
  const [t, format, versions] = await Promise.all([
    getTranslations('inventory'),
    getFormatter(),
    listVersionsWithSnapshots(getDb()),
  ]);
  return (
    <div className="max-w-4xl space-y-6">
      <p>
        <Link href="/admin/inventory">{t('back')}</Link>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('versions.title')}</h1>
        <p className="text-slate-600">{t('versions.lead')}</p>
      </header>
      <ol className="space-y-4">
        {versions
          .map((v, i) => ({ ...v, previous: versions[i - 1] ?? null }))
          .reverse()
          .map((v) => (
            <li key={v.version} className="card space-y-2">
              <h2 className="text-lg font-semibold">{t('versions.heading', { version: v.version })}</h2>
              <p className="text-sm text-slate-700">
                {t('versions.approved', {
                  date: format.dateTime(v.approvedAt, {
                    dateStyle: 'long',
                    timeStyle: 'short',
                    timeZone: 'Asia/Almaty',
                  }),
                })}
                {v.approvedBy && <> · {t('versions.approvedBy', { name: v.approvedBy })}</>}
              </p>
              {v.previous ? (
                <InventoryDiff diff={diffSnapshots(v.previous.snapshot, v.snapshot)} locale={locale} />
              ) : (
                <p className="text-sm text-slate-600">{t('versions.first')}</p>
              )}
              <p className="text-sm">
                <Link href={`/privacy/v/${v.version}`}>{t('versions.view')}</Link>
              </p>
            </li>
          ))}
      </ol>
    </div>
  );
}
