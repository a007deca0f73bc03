'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import type { StaffRole } from '@/db/schema/auth';
import { redirect } from '@/i18n/navigation';
import type { FormState } from '@/lib/actions/form-state';
import { isStaffRole } from '@/lib/auth/permissions';
import { submitSecondFactor } from '@/lib/auth/second-factor';
import { requireUser } from '@/lib/auth/session';
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
    const message =
      outcome.reason === 'limited'
        ? t('limited', { minutes: Math.ceil((outcome.limit?.retryAfterSeconds ?? 60) / 60) })
        : t('invalid');
    return { status: 'error', fieldErrors: { code: message } };
  }
  return redirect({ href: safeNextPath(data.get('next'), '/admin'), locale });
}
