import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { and, count, eq, gt } from 'drizzle-orm';
import NextAuth from 'next-auth';
import Nodemailer from 'next-auth/providers/nodemailer';
import { getDb } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { linkSubjectToUser } from '@/db/queries/subjects';
import { accounts, sessions, users, verificationTokens, type UserRole } from '@/db/schema/auth';
import { outgoingEmails } from '@/db/schema/mail';
import { subjects, type Locale } from '@/db/schema/subjects';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { enqueueEmail } from '@/lib/mail/outbox';
import { emailContext } from '@/lib/mail/templates/layout';
import { renderSignIn } from '@/lib/mail/templates/sign-in';
import { env } from '@/lib/env';
import { logger } from '@/lib/log';
import { mailFrom } from '@/lib/mail/transport';

/** A sign-in link works once and for this long. */
export const SIGN_IN_LINK_MINUTES = 30;
/** At most this many sign-in e-mails to one address per quarter hour; more are dropped silently. */
const SIGN_IN_EMAILS_PER_WINDOW = 5;

/** The language of the page the person asked from, carried in the link's callback URL. */
function localeOfLink(url: string): Locale | null {
  const callback = new URL(url).searchParams.get('callbackUrl');
  const segment = callback ? new URL(callback, url).pathname.split('/')[1] : undefined;
  return (routing.locales as readonly string[]).includes(segment ?? '') ? (segment as Locale) : null;
}

/**
 * Instead of sending at once, the sign-in e-mail goes to the outbox like every other e-mail: it
 * survives an SMTP outage, and in demo mode it appears in the demo mailbox. The answer to the
 * person is the same whether or not the address is known (no account enumeration).
 */
async function queueSignInEmail({ identifier, url, expires }: { identifier: string; url: string; expires: Date }) {
  const db = getDb();
  const [user] = await db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.email, identifier));
  if (user?.disabledAt) return;
  const [recent] = await db
    .select({ n: count() })
    .from(outgoingEmails)
    .where(
      and(
        eq(outgoingEmails.toAddress, identifier),
        eq(outgoingEmails.kind, 'sign_in'),
        gt(outgoingEmails.createdAt, new Date(Date.now() - 15 * 60_000)),
      ),
    );
  if ((recent?.n ?? 0) >= SIGN_IN_EMAILS_PER_WINDOW) return;

  const [subject] = await db.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.email, identifier));
  const locale = localeOfLink(url) ?? subject?.locale ?? routing.defaultLocale;
  const operator = await findOperatorProfile(db);
  await enqueueEmail(db, {
    kind: 'sign_in',
    to: identifier,
    locale,
    expiresAt: expires,
    ...renderSignIn(emailContext(locale, operator), { url, minutes: SIGN_IN_LINK_MINUTES }),
  });
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  // Built on first use, not at import: `next build` must never open the database.
  const db = getDb();
  return {
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    providers: [
      Nodemailer({
        // The outbox worker sends; Auth.js only needs a well-formed server to accept the provider.
        server: env().SMTP_URL ?? 'smtp://127.0.0.1:25',
        from: mailFrom(),
        maxAge: SIGN_IN_LINK_MINUTES * 60,
        sendVerificationRequest: queueSignInEmail,
      }),
    ],
    secret: env().AUTH_SECRET,
    session: { strategy: 'database', maxAge: 12 * 60 * 60, updateAge: 60 * 60 },
    // Auth.js's own messages go through our logger, by code only: its metadata can hold the address.
    logger: {
      error: (error) => logger('auth').error({ err: error }, 'auth error'),
      warn: (code) => logger('auth').warn(`auth warning: ${code}`),
      debug: () => {},
    },
    // Auth.js pages are not localized; the proxy sends these to the visitor's language.
    pages: { signIn: '/sign-in', verifyRequest: '/sign-in/check-email', error: '/sign-in' },
    callbacks: {
      session({ session, user }) {
        const account = user as typeof user & { role: UserRole; disabledAt: Date | null };
        session.user.id = account.id;
        session.user.role = account.role;
        session.user.disabled = account.disabledAt != null;
        return session;
      },
    },
    events: {
      async signIn({ user }) {
        if (!user.id || !user.email) return;
        const { id, email } = user;
        const role = (user as { role?: UserRole }).role ?? 'subject';
        await db.transaction(async (tx) => {
          const subject = role === 'subject' ? await linkSubjectToUser(tx, { id, email }) : null;
          await recordAudit(tx, {
            actor: { id, role },
            action: 'signed_in',
            subjectId: subject?.id ?? null,
            entityType: 'user',
            entityId: id,
          });
        });
      },
    },
  };
});
