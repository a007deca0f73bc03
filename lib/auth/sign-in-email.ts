import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { users } from '@/db/schema/auth';
import { subjects, type Locale } from '@/db/schema/subjects';
import { routing } from '@/i18n/routing';
import { enqueueEmail } from '@/lib/mail/outbox';
import { emailContext } from '@/lib/mail/templates/layout';
import { renderSignIn } from '@/lib/mail/templates/sign-in';

/** A sign-in link works once and for this long. */
export const SIGN_IN_LINK_MINUTES = 30;

/** The language of the page the person asked from, carried in the link's callback URL. */
function localeOfLink(url: string): Locale | null {
  const callback = new URL(url).searchParams.get('callbackUrl');
  const segment = callback ? new URL(callback, url).pathname.split('/')[1] : undefined;
  return (routing.locales as readonly string[]).includes(segment ?? '') ? (segment as Locale) : null;
}

/**
 * Instead of sending at once, the sign-in e-mail goes to the outbox like every other e-mail: it
 * survives an SMTP outage, and in demo mode it appears in the demo mailbox. The answer to the
 * person is the same whether or not the address is known (no account enumeration). It is written
 * in the language the subject with this address chose (/me/account), like every e-mail to them;
 * an address the operator does not know gets the language of the page the link was asked from.
 */
export async function queueSignInEmail(
  db: DbOrTx,
  { identifier, url, expires }: { identifier: string; url: string; expires: Date },
): Promise<void> {
  const [user] = await db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.email, identifier));
  if (user?.disabledAt) return;

  const [subject] = await db.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.email, identifier));
  const locale = subject?.locale ?? localeOfLink(url) ?? routing.defaultLocale;
  const operator = await findOperatorProfile(db);
  await enqueueEmail(db, {
    kind: 'sign_in',
    to: identifier,
    locale,
    expiresAt: expires,
    ...renderSignIn(emailContext(locale, operator), { url, minutes: SIGN_IN_LINK_MINUTES }),
  });
}
