import type { Metadata } from 'next';
import type { Locale } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { getDb } from '@/db';
import { redirect } from '@/i18n/navigation';
import { isStaffRole } from '@/lib/auth/permissions';
import { findConfirmedFactor, pendingEnrollment } from '@/lib/auth/second-factor';
import { requireUser } from '@/lib/auth/session';
import { currentTotp, openTotpSecret } from '@/lib/auth/totp';
import { isDemo } from '@/lib/env';
import { secondFactorAction } from './actions';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<{ next?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: 'secondFactor' });
  return { title: t('title') };
}

/**
 * After the e-mail link, staff give a code from their authenticator app; the first time, they
 * register it here (issue 10: a mailbox compromise must not be an admin compromise).
 */
export default async function SecondFactorPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requireUser();
  if (!isStaffRole(user.role)) return redirect({ href: '/me', locale });
  if (user.fullyVerified) return redirect({ href: '/admin', locale });
  const { next } = await searchParams;
  const db = getDb();
  const [t, factor] = await Promise.all([getTranslations('secondFactor'), findConfirmedFactor(db, user.id)]);
  const enrollment = factor ? null : await pendingEnrollment(db, user);
  // The demo has no phone to hand: it shows the code an authenticator would show. Never in production.
  const demoCode = isDemo() ? currentTotp(enrollment?.base32 ?? openTotpSecret(factor!.secret)) : null;

  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold">{enrollment ? t('setupTitle') : t('title')}</h1>
      {enrollment ? (
        <div className="card space-y-4">
          <p className="text-slate-700">{t('setupLead')}</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
          <img src={enrollment.qr} alt={t('qrAlt')} width={200} height={200} className="mx-auto" />
          <div className="space-y-1 text-sm">
            <p className="font-medium">{t('secretLabel')}</p>
            <p className="break-all rounded bg-slate-100 p-2 font-mono" data-testid="totp-secret">
              {enrollment.base32.replace(/(.{4})/g, '$1 ').trim()}
            </p>
          </div>
        </div>
      ) : (
        <p className="text-slate-700">{t('verifyLead')}</p>
      )}
      <ActionForm action={secondFactorAction} className="card space-y-4">
        {typeof next === 'string' && <input type="hidden" name="next" value={next} />}
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
      <p className="text-sm text-slate-600">{t('lost')}</p>
    </div>
  );
}
