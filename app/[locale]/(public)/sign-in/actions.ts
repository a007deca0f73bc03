'use server';

import { getLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { z } from 'zod';
import { getDb } from '@/db';
import { redirect } from '@/i18n/navigation';
import { signIn } from '@/lib/auth/config';
import { localePath } from '@/i18n/paths';
import { requestClient } from '@/lib/http/client';
import { hitLimits, limits, retryWhen } from '@/lib/rate-limit';
import { requestLogger } from '@/lib/request-log';

/** `limited` comes with its message, which says how long to wait. */
export type SignInState = { error: 'invalidEmail' | 'unavailable' | 'limited' | null; email: string; message?: string };

const emailSchema = z.email().max(254);

/** Only paths inside this portal are followed after sign-in. */
function safeNext(value: FormDataEntryValue | null, locale: string): string {
  const next = typeof value === 'string' ? value : '';
  return /^\/(kk|ru|en)\/[A-Za-z0-9\-/_?=&%.]*$/.test(next) && !next.startsWith('//')
    ? next
    : localePath(locale, '/signed-in');
}

/**
 * Asks Auth.js for a sign-in link. The answer is the same for a known and an unknown address: the
 * page that follows never says whether the operator knows it. Links are limited per address, per
 * client address and in all (lib/rate-limit.ts), checked before Auth.js writes a token; a refused
 * request is told so, with when to try again (the limit applies to any address alike, so it says
 * nothing about whether one is known).
 */
export async function requestSignInLink(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const locale = await getLocale();
  const raw = String(formData.get('email') ?? '').trim();
  const parsed = emailSchema.safeParse(raw.toLowerCase());
  if (!parsed.success) return { error: 'invalidEmail', email: raw };
  const { address } = await requestClient();
  const verdict = await hitLimits(getDb(), [
    [limits.signInPerAddress, parsed.data],
    [limits.signInPerClient, address ?? 'unknown'],
    [limits.signInGlobal, 'all'],
  ]);
  if (!verdict.allowed) {
    const t = await getTranslations('signIn.errors');
    return {
      error: 'limited',
      email: raw,
      message: t('limited', retryWhen(verdict, locale)),
    };
  }
  try {
    await signIn('nodemailer', {
      email: parsed.data,
      redirectTo: safeNext(formData.get('next'), locale),
      redirect: false,
    });
  } catch (error) {
    (await requestLogger('action')).error({ err: error }, 'sign-in link request failed');
    return { error: 'unavailable', email: raw };
  }
  return redirect({ href: '/sign-in/check-email', locale });
}
