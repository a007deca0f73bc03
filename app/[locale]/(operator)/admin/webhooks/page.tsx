import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { listCurrentSystems, listWebhookEndpoints } from '@/db/queries/webhooks';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { createEndpointAction } from './actions';
import { EventTypeChoices, shownUrl } from './event-types';
import { SecretForm } from './secret-form';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.webhooks' });
  return { title: t('title') };
}

/**
 * Issue 13, point 4: the operator's systems' webhook endpoints, per system. Whoever may see the
 * integrations (integrations.view: admin, dpo, auditor) reads; the admin (integrations.manage)
 * registers endpoints and sees each new secret once.
 */
export default async function WebhooksPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('integrations.view');
  const db = getDb();
  const [t, endpoints, systemList] = await Promise.all([
    getTranslations('backoffice.webhooks'),
    listWebhookEndpoints(db),
    listCurrentSystems(db),
  ]);
  const manage = can(staff.role, 'integrations.manage');
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>
      <section aria-labelledby="endpoints" className="card space-y-2">
        <h2 id="endpoints" className="text-lg font-semibold">
          {t('endpoints')}
        </h2>
        {endpoints.length === 0 ? (
          <p className="text-slate-600">{t('none')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {endpoints.map((e) => (
              <li key={e.id} className="space-y-1 py-3 text-sm">
                <p className="flex flex-wrap items-center gap-3">
                  <span className="font-medium">{e.systemName[locale] || e.systemCode}</span>
                  <Link href={`/admin/webhooks/${e.id}`} className="break-all font-mono">
                    {shownUrl(e.url)}
                  </Link>
                  <span className={e.enabled ? 'text-emerald-800' : 'text-slate-500'}>
                    {e.enabled ? t('enabled') : t('disabled')}
                  </span>
                  {e.pending > 0 && <span className="text-amber-800">{t('pendingCount', { count: e.pending })}</span>}
                  {e.failed > 0 && (
                    <span className="font-semibold text-red-700">{t('failedCount', { count: e.failed })}</span>
                  )}
                </p>
                {e.description && <p className="text-slate-700">{e.description}</p>}
                <p className="font-mono text-xs text-slate-600">{e.eventTypes.join(', ')}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {manage && (
        <section aria-labelledby="add" className="card space-y-3">
          <h2 id="add" className="text-lg font-semibold">
            {t('add')}
          </h2>
          <SecretForm
            action={createEndpointAction}
            submitLabel={t('create')}
            secretLabel={t('secretLabel')}
            secretHelp={t('secretHelp')}
            className="space-y-3 text-sm"
          >
            <label className="block space-y-1">
              <span className="block font-medium">{t('system')}</span>
              <select name="systemId" required className="field-input">
                {systemList.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name[locale] || s.code}
                  </option>
                ))}
              </select>
            </label>
            <label className="block space-y-1">
              <span className="block font-medium">{t('url')}</span>
              <input name="url" type="url" required maxLength={2000} className="field-input font-mono" />
              <span className="block text-slate-600">{t('urlHelp')}</span>
            </label>
            <label className="block space-y-1">
              <span className="block font-medium">{t('description')}</span>
              <input name="description" maxLength={500} className="field-input" />
            </label>
            <EventTypeChoices />
          </SecretForm>
        </section>
      )}
    </div>
  );
}
