import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getFormatter, getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import { apiScopes, type ApiScope } from '@/db/schema/integrations';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { ConfirmStep } from '@/components/confirm-step';
import { apiReference } from '@/lib/api/reference';
import { listApiTokens, listTokenSystems, MAX_TOKEN_DAYS, tokenState } from '@/lib/api/tokens';
import { can } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { createTokenAction, revokeTokenAction } from './actions';
import { ApiReference } from './api-reference';
import { ScrollRegion } from '@/components/scroll-region';

type Props = { params: Promise<{ locale: Locale }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'apiAdmin' });
  return { title: t('title') };
}

const scopeKey: Record<ApiScope, string> = {
  'subjects:read': 'subjectsRead',
  'subjects:write': 'subjectsWrite',
  'transfers:write': 'transfersWrite',
  'requests:read': 'requestsRead',
  'tasks:read': 'tasksRead',
  'tasks:write': 'tasksWrite',
  'consents:read': 'consentsRead',
};

/**
 * Issue 13, points 1 and 2: the operator's systems connected. The tokens (the admin makes one,
 * shown once, and revokes it), and the API reference rendered on the server from the OpenAPI
 * document. Read-only for whoever may only view integrations (the dpo, the auditor).
 */
export default async function ApiPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff('integrations.view');
  const manage = can(staff.role, 'integrations.manage');
  const db = getDb();
  const [t, tc, format, tokens, systems] = await Promise.all([
    getTranslations('apiAdmin'),
    getTranslations('common'),
    getFormatter(),
    listApiTokens(db),
    listTokenSystems(db),
  ]);
  const origin = env().AUTH_URL;
  const when = (date: Date | null) =>
    date ? format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' }) : t('tokens.never');

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <p className="text-slate-600">{t('lead')}</p>
      </header>

      <section aria-labelledby="tokens" className="card space-y-3">
        <h2 id="tokens" className="text-lg font-semibold">
          {t('tokens.title')}
        </h2>
        {tokens.length === 0 ? (
          <p className="text-slate-600">{t('tokens.none')}</p>
        ) : (
          <ScrollRegion labelledBy="tokens" className="-mx-4 px-4">
            <table className="w-full min-w-[800px] text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  {(['name', 'system', 'scopes', 'prefix', 'expires', 'lastUsed', 'state'] as const).map((c) => (
                    <th key={c} scope="col" className="py-1 pr-3 font-medium">
                      {t(`tokens.columns.${c}`)}
                    </th>
                  ))}
                  {manage && <td />}
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => {
                  const state = tokenState(token);
                  return (
                    <tr key={token.id} className="border-b border-slate-100 align-top">
                      <td className="py-1 pr-3 break-all">{token.name}</td>
                      <td className="py-1 pr-3">{token.systemName[locale]}</td>
                      <td className="py-1 pr-3">
                        {token.scopes.map((s) => (
                          <code key={s} className="mr-1 block">
                            {s}
                          </code>
                        ))}
                      </td>
                      <td className="py-1 pr-3">
                        <code>{token.prefix}…</code>
                      </td>
                      <td className="py-1 pr-3 whitespace-nowrap">{when(token.expiresAt)}</td>
                      <td className="py-1 pr-3 whitespace-nowrap">{when(token.lastUsedAt)}</td>
                      <td className="py-1 pr-3">{t(`tokens.states.${state}`)}</td>
                      {manage && (
                        <td className="py-1">
                          {state !== 'revoked' && (
                            <ActionForm action={revokeTokenAction}>
                              <input type="hidden" name="tokenId" value={token.id} />
                              {/* A revoked token is never valid again: the first press asks. */}
                              <ConfirmStep
                                ask={t('tokens.revoke')}
                                question={t('tokens.revokeQuestion')}
                                yes={t('tokens.revokeConfirm')}
                                pending={t('tokens.revoking')}
                                no={tc('confirmNo')}
                              />
                            </ActionForm>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      {manage && (
        <ActionForm action={createTokenAction} className="card grid gap-3 text-sm sm:grid-cols-2">
          <h2 className="text-lg font-semibold sm:col-span-2">{t('create.title')}</h2>
          <label className="space-y-1">
            <span className="block font-medium">{t('create.name')}</span>
            <input name="name" required maxLength={100} className="field-input" />
            <FieldError name="name" />
          </label>
          <label className="space-y-1">
            <span className="block font-medium">{t('create.system')}</span>
            <select name="system" className="field-input">
              {systems.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name[locale]}
                </option>
              ))}
            </select>
            <FieldError name="system" />
          </label>
          <fieldset className="space-y-1 sm:col-span-2">
            <legend className="font-medium">{t('create.scopes')}</legend>
            {apiScopes.map((scope) => (
              <label key={scope} className="flex items-center gap-2">
                <input type="checkbox" name="scopes" value={scope} />
                <code>{scope}</code> <span>{t(`scopes.${scopeKey[scope]}` as 'scopes.subjectsRead')}</span>
              </label>
            ))}
          </fieldset>
          <label className="space-y-1">
            <span className="block font-medium">{t('create.days', { max: MAX_TOKEN_DAYS })}</span>
            <input
              name="days"
              type="number"
              min={1}
              max={MAX_TOKEN_DAYS}
              defaultValue={365}
              required
              className="field-input"
            />
          </label>
          <div className="sm:col-span-2">
            <SubmitButton label={t('create.submit')} pendingLabel={t('create.pending')} />
          </div>
        </ActionForm>
      )}

      <section aria-labelledby="reference" className="space-y-3">
        <h2 id="reference" className="text-lg font-semibold">
          {t('reference.title')}
        </h2>
        <p className="text-slate-600">
          {t('reference.lead')}{' '}
          <a href="/api/v1/openapi.json">
            <code>{`${origin}/api/v1/openapi.json`}</code>
          </a>
        </p>
        <ApiReference groups={apiReference(origin)} />
      </section>
    </div>
  );
}
