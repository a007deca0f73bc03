import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import type { InventoryEntity } from '@/db/schema/inventory';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { inventoryOverview, namesById, type OverviewRow, type OverviewState } from '@/lib/inventory/overview';
import { currentNoticeVersion } from '@/lib/privacy-notice/versions';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'inventory' });
  return { title: t('title') };
}

const stateStyle: Record<OverviewState, string> = {
  inForce: 'bg-emerald-50 text-emerald-900',
  retired: 'bg-slate-100 text-slate-700',
  draftNew: 'bg-amber-50 text-amber-900',
  draftChanged: 'bg-amber-50 text-amber-900',
  draftRetire: 'bg-amber-50 text-amber-900',
};

/** The inventory (Art. 25(2)(1)): admin edits into the draft; dpo and auditor read; the dpo approves. */
export default async function InventoryPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireStaff('inventory.view');
  const [t, overview, notice] = await Promise.all([
    getTranslations(),
    inventoryOverview(getDb()),
    currentNoticeVersion(getDb()),
  ]);
  const editable = can(user.role, 'inventory.manage');
  const names = namesById(overview);
  const list = (linked: string[]) => linked.map((l) => names.get(l)?.[locale] ?? '—').join(', ');

  function details(entity: InventoryEntity, row: OverviewRow<InventoryEntity>): string[] {
    const r = row.record as Record<string, unknown>;
    switch (entity) {
      case 'category':
        return [
          t(r.accessLevel === 'public' ? 'inventory.form.access.public' : 'inventory.form.access.restricted'),
          ...(r.isBiometric ? [t('inventory.summary.biometric')] : []),
        ];
      case 'purpose': {
        const p = row.record as {
          legalBasis: string;
          categories: string[];
          recipients: string[];
          isAutomated: boolean;
        };
        return [
          t(`inventory.basis.${p.legalBasis as 'consent' | 'published' | 'art9'}`),
          t('inventory.summary.categories', { list: list(p.categories) }),
          p.recipients.length > 0
            ? t('inventory.summary.recipients', { list: list(p.recipients) })
            : t('inventory.summary.noRecipients'),
          ...(p.isAutomated ? [t('inventory.summary.automated')] : []),
        ];
      }
      case 'recipient': {
        const rec = row.record as { bin: string | null; country: string; notifySubject: boolean; kind: string };
        return [
          t(`recipientKind.${rec.kind as 'third_party' | 'processor' | 'public_body'}`),
          ...(rec.bin ? [t('inventory.summary.bin', { bin: rec.bin })] : []),
          t('inventory.summary.country', { country: rec.country }),
          ...(rec.notifySubject ? [] : [t('inventory.summary.notNotified')]),
        ];
      }
      case 'system': {
        const s = row.record as {
          execution: string;
          ownerDepartment: Record<Locale, string>;
          categories: string[];
          country: string;
        };
        return [
          t('inventory.summary.owner', { department: s.ownerDepartment[locale] }),
          s.execution === 'api' ? t('inventory.summary.byApi') : t('inventory.form.executionManual'),
          t('inventory.summary.country', { country: s.country }),
          t('inventory.summary.categories', { list: list(s.categories) }),
        ];
      }
    }
  }

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('inventory.title')}</h1>
        <p className="max-w-3xl text-slate-600">{t('inventory.lead')}</p>
      </header>
      <section aria-label={t('inventory.draft.title')} className="card flex flex-wrap items-center gap-3 text-sm">
        <p className="grow">
          {overview.pending.length > 0
            ? t('inventory.draftWaiting', { count: overview.pending.length })
            : t('inventory.draftEmpty', { version: notice?.version ?? 0 })}
        </p>
        {overview.pending.length > 0 && (
          <Link href="/admin/inventory/draft" className="btn-primary py-1.5">
            {t('inventory.reviewDraft')}
          </Link>
        )}
        <Link href="/admin/inventory/versions">{t('inventory.versionsLink')}</Link>
      </section>
      {(['category', 'purpose', 'recipient', 'system'] as const).map((entity) => (
        <section key={entity} aria-labelledby={`section-${entity}`} className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id={`section-${entity}`} className="text-lg font-semibold">
              {t(`inventory.sections.${entity}`)}
            </h2>
            {editable && (
              <Link href={`/admin/inventory/${entity}/new`} className="btn-secondary py-1.5 text-sm">
                {t(`inventory.add.${entity}`)}
              </Link>
            )}
          </div>
          {overview[entity].length === 0 ? (
            <p className="text-sm text-slate-600">{t('inventory.empty')}</p>
          ) : (
            <ScrollRegion labelledBy={`section-${entity}`}>
              <table className="w-full text-left text-sm">
                <thead className="border-b text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-3">
                      {t('inventory.columns.code')}
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      {t('inventory.columns.name')}
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      {t('inventory.columns.details')}
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      {t('inventory.columns.state')}
                    </th>
                    {editable && (
                      <th scope="col" className="py-2">
                        <span className="sr-only">{t('inventory.columns.actions')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {overview[entity].map((row) => (
                    <tr key={row.id} className="border-b align-top">
                      <td className="py-2 pr-3 font-mono whitespace-nowrap">{row.record.code}</td>
                      <td className="py-2 pr-3">{row.record.name[locale] || '—'}</td>
                      <td className="py-2 pr-3 text-slate-700">
                        <ul>
                          {details(entity, row).map((line, i) => (
                            <li key={i}>{line}</li>
                          ))}
                        </ul>
                      </td>
                      <td className="py-2 pr-3">
                        <span className={`rounded px-2 py-0.5 text-xs whitespace-nowrap ${stateStyle[row.state]}`}>
                          {t(`inventory.state.${row.state}`)}
                        </span>
                      </td>
                      {editable && (
                        <td className="py-2">
                          {row.state !== 'retired' && (
                            <Link
                              href={`/admin/inventory/${entity}/${row.id}`}
                              aria-label={t('inventory.editLabel', {
                                name: row.record.name[locale] || row.record.code,
                              })}
                            >
                              {t('inventory.edit')}
                            </Link>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </section>
      ))}
    </div>
  );
}
