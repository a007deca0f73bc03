import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { redirect } from '@/i18n/navigation';
import { isStaffRole } from '@/lib/auth/permissions';
import { findConfirmedFactors, pendingEnrollment } from '@/lib/auth/second-factor';
import { requireUser } from '@/lib/auth/session';
import { currentTotp, openTotpSecret } from '@/lib/auth/totp';
import { isDemo } from '@/lib/env';
import { param, parseSearchParams, type SearchParams } from '@/lib/input/search-params';
import { secondFactorAction } from './actions';
import { PasskeyButton } from './passkey-button';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'secondFactor' });
  return { title: t('title') };
}

/**
 * After the e-mail link, staff confirm it is them with their authenticator app or a passkey; the
 * first time, they register one here (issue 10: a mailbox compromise must not be an admin
 * compromise).
 */
export default async function SecondFactorPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireUser();
  if (!isStaffRole(user.role)) return redirect({ href: '/me', locale });
  if (user.fullyVerified) return redirect({ href: '/admin', locale });
  // Only followed if it is a path of this portal (actions.ts, safeNextPath).
  const next = parseSearchParams(await searchParams, { next: param.text(2000) }).values.next || null;
  const db = getDb();
  const [t, factors] = await Promise.all([getTranslations('secondFactor'), findConfirmedFactors(db, user.id)]);
  const app = factors.find((f) => f.kind === 'totp');
  const hasPasskey = factors.some((f) => f.kind === 'passkey');
  const registering = factors.length === 0;
  const enrollment = registering ? await pendingEnrollment(db, user) : null;
  // The demo has no phone to hand: it shows the code an authenticator would show. Never in production.
  const appSecret = enrollment?.base32 ?? (app?.secret ? openTotpSecret(app.secret) : null);
  const demoCode = isDemo() && appSecret ? currentTotp(appSecret) : null;
  const passkeyLabels = {
    button: registering ? t('passkeyRegister') : t('passkeySignIn'),
    working: t('passkeyWorking'),
    failed: t('errors.passkey'),
    unsupported: t('errors.passkeyUnsupported'),
  };

  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold">{registering ? t('setupTitle') : t('title')}</h1>
      {(registering || hasPasskey) && (
        <section className="card space-y-3" aria-labelledby="passkey">
          <h2 id="passkey" className="text-lg font-semibold">
            {t('passkeyTitle')}
          </h2>
          <p className="text-sm text-slate-700">{t('passkeyHelp')}</p>
          <PasskeyButton mode={registering ? 'register' : 'sign-in'} next={next} labels={passkeyLabels} />
        </section>
      )}
      {registering && <p className="text-center text-sm text-slate-600">{t('or')}</p>}
      {(registering || app) && (
        <section className="card space-y-4" aria-labelledby="app">
          <h2 id="app" className="text-lg font-semibold">
            {t('appTitle')}
          </h2>
          {enrollment ? (
            <>
              <p className="text-sm text-slate-700">{t('setupLead')}</p>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
              <img src={enrollment.qr} alt={t('qrAlt')} width={200} height={200} className="mx-auto" />
              <div className="space-y-1 text-sm">
                <p className="font-medium">{t('secretLabel')}</p>
                <p className="break-all rounded bg-slate-100 p-2 font-mono" data-testid="totp-secret">
                  {enrollment.base32.replace(/(.{4})/g, '$1 ').trim()}
                </p>
              </div>
            </>
          ) : (
            <p className="text-sm text-slate-700">{t('verifyLead')}</p>
          )}
          <ActionForm action={secondFactorAction} className="space-y-4">
            {next && <input type="hidden" name="next" value={next} />}
            <div className="space-y-1">
              <label htmlFor="code" className="block font-medium">
                {t('codeLabel')}
              </label>
              <input
                id="code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={7}
                required
                className="field-input w-40 font-mono text-lg tracking-widest"
              />
              <FieldError name="code" />
            </div>
            <SubmitButton label={t('submit')} pendingLabel={t('submitting')} />
          </ActionForm>
          {demoCode && (
            <aside className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
              <p className="font-semibold">{t('demoTitle')}</p>
              <p>{t('demoCode', { code: demoCode })}</p>
            </aside>
          )}
        </section>
      )}
      <p className="text-sm text-slate-600">{t('lost')}</p>
    </div>
  );
}
