'use server';

import { getLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { getDb } from '@/db';
import type { StaffRole } from '@/db/schema/auth';
import { redirect } from '@/i18n/navigation';
import type { FormState } from '@/lib/actions/form-state';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/types';
import {
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  registerPasskey,
  verifyPasskey,
} from '@/lib/auth/passkeys';
import { isStaffRole } from '@/lib/auth/permissions';
import { submitSecondFactor } from '@/lib/auth/second-factor';
import { requireUser } from '@/lib/auth/session';
import { retryWhen } from '@/lib/rate-limit';
import { safeNextPath } from '@/lib/http/next-path';

/** The code from the authenticator: registers it the first time, then completes each sign-in. */
export async function secondFactorAction(_state: FormState, data: FormData): Promise<FormState> {
  const locale = await getLocale();
  const user = await requireUser();
  if (!isStaffRole(user.role)) return redirect({ href: '/me', locale });
  if (user.fullyVerified) return redirect({ href: '/admin', locale });
  const t = await getTranslations('secondFactor.errors');
  const code = String(data.get('code') ?? '').slice(0, 32);
  const outcome = await submitSecondFactor(getDb(), { ...user, role: user.role as StaffRole }, code);
  if (!outcome.ok) {
    const message = outcome.reason === 'limited' ? t('limited', retryWhen(outcome.limit, locale)) : t('invalid');
    return { status: 'error', fieldErrors: { code: message } };
  }
  return redirect({ href: safeNextPath(data.get('next'), '/admin'), locale });
}

/** The second-factor step's caller: a staff member signed in by link, not yet verified. */
async function pendingStaff() {
  const user = await requireUser();
  if (!isStaffRole(user.role) || user.fullyVerified) return null;
  return { ...user, role: user.role as StaffRole };
}

export type PasskeyMode = 'register' | 'sign-in';

/** The options for the browser's passkey dialog (null when there is nothing to do). */
export async function passkeyOptionsAction(mode: PasskeyMode) {
  const person = await pendingStaff();
  if (!person) return null;
  const db = getDb();
  return mode === 'register'
    ? { mode, options: await passkeyRegistrationOptions(db, person) }
    : { mode, options: await passkeyAuthenticationOptions(db, person) };
}

/** The browser's answer: a new passkey, or a signature from a known one. Success goes on to `next`. */
export async function passkeyFinishAction(
  mode: PasskeyMode,
  response: RegistrationResponseJSON | AuthenticationResponseJSON,
  next: string | null,
): Promise<{ error: string }> {
  const locale = await getLocale();
  const person = await pendingStaff();
  if (!person) return redirect({ href: '/signed-in', locale });
  const db = getDb();
  const outcome =
    mode === 'register'
      ? await registerPasskey(db, person, response as RegistrationResponseJSON)
      : await verifyPasskey(db, person, response as AuthenticationResponseJSON);
  if (outcome.ok) return redirect({ href: safeNextPath(next, '/admin'), locale });
  const t = await getTranslations('secondFactor.errors');
  return {
    error: outcome.reason === 'limited' ? t('limited', retryWhen(outcome.limit, locale)) : t('passkey'),
  };
}
