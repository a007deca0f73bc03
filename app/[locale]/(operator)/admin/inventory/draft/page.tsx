import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { InventoryDiff } from '@/components/inventory-diff';
import { getDb } from '@/db';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { incompleteChanges, previewDraft } from '@/lib/inventory/approve';
import { diffSnapshots } from '@/lib/inventory/diff';
import { pendingWithEditors } from '@/lib/inventory/overview';
import type { InventoryRecord } from '@/lib/inventory/records';
import { currentNoticeVersion } from '@/lib/privacy-notice/versions';
import { approveDraftAction, discardChangeAction } from '../actions';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'inventory.draft' });
  return { title: t('title') };
}

/** The draft against the version in force: the dpo reads the diff and approves; the admin may drop an edit. */
export default async function InventoryDraftPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireStaff('inventory.view');
  const db = getDb();
  const [t, format, pending, current, preview] = await Promise.all([
    getTranslations(),
    getFormatter(),
    pendingWithEditors(db),
    currentNoticeVersion(db),
    previewDraft(db),
  ]);
  const diff = current ? diffSnapshots(current.snapshot, preview) : [];
  const incomplete = incompleteChanges(pending);
  return (
    <div className="max-w-4xl space-y-6">
      <p>
        <Link href="/admin/inventory">{t('inventory.back')}</Link>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('inventory.draft.title')}</h1>
        <p className="text-slate-600">{t('inventory.draft.lead')}</p>
      </header>
      <section aria-labelledby="edits" className="card space-y-3 text-sm">
        <h2 id="edits" className="text-base font-semibold">
          {t('inventory.draft.changes')}
        </h2>
        {pending.length === 0 ? (
          <p>{t('inventory.draftEmpty', { version: current?.version ?? 0 })}</p>
        ) : (
          <ul className="space-y-2">
            {pending.map((change) => {
              const record = change.payload as InventoryRecord['category'];
              const missing = incomplete.find((i) => i.change.id === change.id)?.missing ?? [];
              return (
                <li key={change.id} className="flex flex-wrap items-start justify-between gap-2 border-b pb-2">
                  <div>
                    <p className="font-medium">
                      {t(`inventory.sections.${change.entity}`)}: {record.name[locale] || record.code}{' '}
                      <span className="font-mono text-slate-500">({record.code})</span>
                      {change.retire && <> · {t('inventory.state.draftRetire')}</>}
                    </p>
                    <p className="text-slate-600">
                      {t('inventory.draft.editedBy', {
                        name: change.editorName ?? '—',
                        date: format.dateTime(change.editedAt, {
                          dateStyle: 'medium',
                          timeStyle: 'short',
                          timeZone: 'Asia/Almaty',
                        }),
                      })}
                    </p>
                    {missing.length > 0 && (
                      <p role="alert" className="text-red-800">
                        {t('inventory.draft.missing', {
                          fields: missing
                            .map(
                              (m) =>
                                `${t.has(`inventory.fields.${m.field}` as 'inventory.fields.name') ? t(`inventory.fields.${m.field}` as 'inventory.fields.name') : m.field} (${m.languages.join(', ')})`,
                            )
                            .join('; '),
                        })}
                      </p>
                    )}
                  </div>
                  {can(user.role, 'inventory.manage') && (
                    <ActionForm action={discardChangeAction}>
                      <input type="hidden" name="change" value={change.id} />
                      <SubmitButton
                        label={t('inventory.draft.discard')}
                        pendingLabel={t('inventory.form.saving')}
                        className="btn-secondary py-1"
                      />
                    </ActionForm>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="diff" className="space-y-2">
        <h2 id="diff" className="text-lg font-semibold">
          {t('inventory.draft.lead')}
        </h2>
        <InventoryDiff diff={diff} locale={locale} />
      </section>
      <section aria-labelledby="approve" className="card space-y-2 text-sm">
        <h2 id="approve" className="text-base font-semibold">
          {t('inventory.draft.approveTitle')}
        </h2>
        <p className="text-slate-600">{t('inventory.draft.approveHelp')}</p>
        {can(user.role, 'notice.publish') ? (
          <ActionForm action={approveDraftAction} className="space-y-2">
            <label className="flex items-center gap-2">
              <input name="confirm" type="checkbox" required className="size-4" />
              {t('inventory.draft.approveConfirm')}
            </label>
            <SubmitButton label={t('inventory.draft.approve')} pendingLabel={t('inventory.draft.approving')} />
          </ActionForm>
        ) : (
          <p>{t('inventory.draft.onlyDpo')}</p>
        )}
      </section>
    </div>
  );
}
