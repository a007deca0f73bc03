import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { ActionForm, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { findWebhookEndpoint, listWebhookDeliveries } from '@/db/queries/webhooks';
import { Link } from '@/i18n/link';
import { can } from '@/lib/auth/permissions';
import { SECRET_OVERLAP_HOURS } from '@/lib/webhooks/endpoints';
import { requireStaff } from '@/lib/auth/session';
import { redeliverAction, rotateSecretAction, setEndpointEnabledAction, updateEndpointAction } from '../actions';
import { EventTypeChoices, shownUrl } from '../event-types';
import { SecretForm } from '../secret-form';
import { ScrollRegion } from '@/components/scroll-region';

type Props = {
  params: Promise<{ locale: Locale; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'backoffice.webhooks' });
  return { title: t('logTitle') };
}

/**
 * One endpoint and its delivery log (as Stripe's and GitHub's): each delivery's state, attempts,
 * last answer and times, newest first, a page at a time; the admin redelivers one with the same
 * webhook-id, edits the endpoint, switches it off or rotates its secret.
 */
export default async function WebhookEndpointPage({ params, searchParams }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('integrations.view');
  if (!UUID.test(id)) notFound();
  const query = await searchParams;
  const beforeParam =
    typeof query.before === 'string' && /^\d{1,15}$/.test(query.before) ? Number(query.before) : undefined;
  const db = getDb();
  const [t, format, endpoint, log] = await Promise.all([
    getTranslations('backoffice.webhooks'),
    getFormatter(),
    findWebhookEndpoint(db, id),
    listWebhookDeliveries(db, id, { before: beforeParam }),
  ]);
  if (!endpoint) notFound();
  const manage = can(staff.role, 'integrations.manage');
  const time = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'short', timeStyle: 'medium' }) : '—');
  const th = 'py-1 pr-3 font-medium';
  return (
    <div className="space-y-6">
      <p>
        <Link href="/admin/webhooks">{t('back')}</Link>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('logTitle')}</h1>
        <p className="break-all font-mono">{shownUrl(endpoint.url)}</p>
        <p className="text-slate-600">
          {endpoint.systemName[locale] || endpoint.systemCode} ·{' '}
          <span className={endpoint.enabled ? 'text-emerald-800' : 'text-slate-500'}>
            {endpoint.enabled ? t('enabled') : t('disabled')}
          </span>
        </p>
        {endpoint.description && <p>{endpoint.description}</p>}
        <p className="font-mono text-xs text-slate-600">{endpoint.eventTypes.join(', ')}</p>
      </header>

      <section aria-labelledby="deliveries" className="card space-y-3">
        <h2 id="deliveries" className="text-lg font-semibold">
          {t('deliveries')}
        </h2>
        <p className="text-slate-600">{t('deliveriesHelp')}</p>
        {log.deliveries.length === 0 ? (
          <p className="text-slate-600">{t('noDeliveries')}</p>
        ) : (
          <ScrollRegion labelledBy="deliveries" className="-mx-4 sm:mx-0">
            <table className="w-full min-w-[900px] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  <th scope="col" className={th}>
                    {t('event')}
                  </th>
                  <th scope="col" className={th}>
                    {t('state')}
                  </th>
                  <th scope="col" className={th}>
                    {t('attempts')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lastAnswer')}
                  </th>
                  <th scope="col" className={th}>
                    {t('times')}
                  </th>
                  {manage && (
                    <th scope="col" className={th}>
                      <span className="sr-only">{t('redeliver')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {log.deliveries.map((d) => (
                  <tr key={d.id} className="border-b border-slate-100 align-top" data-delivery={d.messageId}>
                    <td className="py-2 pr-3">
                      <code className="font-mono">{d.eventType}</code>
                      <span className="block font-mono text-xs text-slate-600">{d.messageId}</span>
                    </td>
                    <td
                      className={`py-2 pr-3 font-medium ${d.state === 'failed' ? 'text-red-700' : d.state === 'delivered' ? 'text-emerald-800' : 'text-amber-800'}`}
                    >
                      {t(`states.${d.state}`)}
                    </td>
                    <td className="py-2 pr-3">{d.attempts}</td>
                    <td className="py-2 pr-3">
                      {d.lastStatus ?? '—'}
                      {d.lastError && <span className="block text-slate-600">{d.lastError}</span>}
                    </td>
                    <td className="py-2 pr-3 text-xs">
                      <span className="block">{t('createdAt', { time: time(d.createdAt) })}</span>
                      {d.lastAttemptAt && (
                        <span className="block">{t('lastAttemptAt', { time: time(d.lastAttemptAt) })}</span>
                      )}
                      {d.state === 'pending' && (
                        <span className="block">{t('nextAttemptAt', { time: time(d.nextAttemptAt) })}</span>
                      )}
                      {d.deliveredAt && (
                        <span className="block">{t('deliveredAt', { time: time(d.deliveredAt) })}</span>
                      )}
                    </td>
                    {manage && (
                      <td className="py-2 pr-3">
                        <ActionForm action={redeliverAction}>
                          <input type="hidden" name="endpointId" value={endpoint.id} />
                          <input type="hidden" name="deliveryId" value={d.id} />
                          <SubmitButton
                            label={t('redeliver')}
                            pendingLabel={t('redeliver')}
                            className="btn-secondary py-1"
                          />
                        </ActionForm>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
        <p className="flex gap-4">
          {beforeParam !== undefined && <Link href={`/admin/webhooks/${endpoint.id}`}>{t('newest')}</Link>}
          {log.next !== null && <Link href={`/admin/webhooks/${endpoint.id}?before=${log.next}`}>{t('older')}</Link>}
        </p>
      </section>

      {manage && (
        <>
          <section aria-labelledby="edit" className="card space-y-3">
            <h2 id="edit" className="text-lg font-semibold">
              {t('edit')}
            </h2>
            <ActionForm action={updateEndpointAction} className="space-y-3 text-sm">
              <input type="hidden" name="endpointId" value={endpoint.id} />
              <label className="block space-y-1">
                <span className="block font-medium">{t('url')}</span>
                <input
                  name="url"
                  type="url"
                  required
                  maxLength={2000}
                  defaultValue={endpoint.url}
                  className="field-input font-mono"
                />
                <span className="block text-slate-600">{t('urlHelp')}</span>
              </label>
              <label className="block space-y-1">
                <span className="block font-medium">{t('description')}</span>
                <input
                  name="description"
                  maxLength={500}
                  defaultValue={endpoint.description ?? ''}
                  className="field-input"
                />
              </label>
              <EventTypeChoices chosen={endpoint.eventTypes} />
              <SubmitButton label={t('save')} pendingLabel={t('save')} />
            </ActionForm>
          </section>
          <section aria-labelledby="secret" className="card space-y-3">
            <h2 id="secret" className="text-lg font-semibold">
              {t('secretTitle')}
            </h2>
            <p className="text-slate-600">{t('rotateHelp', { hours: SECRET_OVERLAP_HOURS })}</p>
            {endpoint.oldSecretUntil && (
              <p role="status">{t('oldSecretUntil', { time: time(endpoint.oldSecretUntil) })}</p>
            )}
            <SecretForm
              action={rotateSecretAction}
              submitLabel={t('rotate')}
              secretLabel={t('secretLabel')}
              secretHelp={t('secretHelp')}
              className="space-y-3 text-sm"
              buttonClassName="btn-secondary"
            >
              <input type="hidden" name="endpointId" value={endpoint.id} />
              <label className="flex items-start gap-2">
                <input type="checkbox" name="revokeOld" className="mt-1" />
                <span>{t('revokeOld')}</span>
              </label>
            </SecretForm>
            <ActionForm action={setEndpointEnabledAction} className="space-y-2 text-sm">
              <input type="hidden" name="endpointId" value={endpoint.id} />
              <input type="hidden" name="enabled" value={endpoint.enabled ? '0' : '1'} />
              <p className="text-slate-600">{endpoint.enabled ? t('disableHelp') : t('enableHelp')}</p>
              <SubmitButton
                label={endpoint.enabled ? t('disable') : t('enable')}
                pendingLabel={endpoint.enabled ? t('disable') : t('enable')}
                className="btn-secondary"
              />
            </ActionForm>
          </section>
        </>
      )}
    </div>
  );
}
