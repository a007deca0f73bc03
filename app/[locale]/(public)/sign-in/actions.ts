'use server';

import { getLocale } from 'next-intl/server';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { signIn } from '@/lib/auth/config';
import { localePath } from '@/i18n/paths';
import { requestLogger } from '@/lib/request-log';

export type SignInState = { error: 'invalidEmail' | 'unavailable' | null; email: string };

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
 * page that follows never says whether the operator knows it.
 */
export async function requestSignInLink(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const locale = await getLocale();
  const raw = String(formData.get('email') ?? '').trim();
  const parsed = emailSchema.safeParse(raw.toLowerCase());
  if (!parsed.success) return { error: 'invalidEmail', email: raw };
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
