import { and, desc, eq } from 'drizzle-orm';
import NextAuth from 'next-auth';
import Nodemailer from 'next-auth/providers/nodemailer';
import { getDb } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { linkSubjectToUser } from '@/db/queries/subjects';
import { type UserRole } from '@/db/schema/auth';
import { outgoingEmails } from '@/db/schema/mail';
import { routing } from '@/i18n/routing';
import { recordAudit } from '@/lib/audit/record';
import { enqueueEmail } from '@/lib/mail/outbox';
import { emailContext } from '@/lib/mail/templates/layout';
import { renderStaffSignIn } from '@/lib/mail/templates/staff-sign-in';
import { requestClient } from '@/lib/http/client';
import { hashedSessionAdapter } from './adapter';
import { queueSignInEmail, SIGN_IN_LINK_MINUTES } from './sign-in-email';
import { isStaffRole } from './permissions';
import { env } from '@/lib/env';
import { logger } from '@/lib/log';
import { mailFrom } from '@/lib/mail/transport';

export { SIGN_IN_LINK_MINUTES };

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  // Built on first use, not at import: `next build` must never open the database.
  const db = getDb();
  return {
    adapter: hashedSessionAdapter(db),
    providers: [
      Nodemailer({
        // The outbox worker sends; Auth.js only needs a well-formed server to accept the provider.
        server: env().SMTP_URL ?? 'smtp://127.0.0.1:25',
        from: mailFrom(),
        maxAge: SIGN_IN_LINK_MINUTES * 60,
        sendVerificationRequest: (params) => queueSignInEmail(getDb(), params),
      }),
    ],
    secret: env().AUTH_SECRET,
    // The cookie's lifetime. Each session's own expiry, by role, is kept in the database and moved
    // with use (lib/auth/session-policy.ts); lib/auth/session.ts reads it on every request.
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
        const client = await requestClient();
        await db.transaction(async (tx) => {
          const subject = role === 'subject' ? await linkSubjectToUser(tx, { id, email }) : null;
          await recordAudit(tx, {
            actor: { id, role },
            action: 'signed_in',
            subjectId: subject?.id ?? null,
            entityType: 'user',
            entityId: id,
            details: isStaffRole(role) ? { step: 'email_link' } : {},
          });
          // Staff are told of every sign-in to their account, in the language of the link they used.
          if (isStaffRole(role)) {
            const [link] = await tx
              .select({ locale: outgoingEmails.locale })
              .from(outgoingEmails)
              .where(and(eq(outgoingEmails.toAddress, email), eq(outgoingEmails.kind, 'sign_in')))
              .orderBy(desc(outgoingEmails.id))
              .limit(1);
            const locale = link?.locale ?? routing.defaultLocale;
            await enqueueEmail(tx, {
              kind: 'staff_sign_in',
              to: email,
              locale,
              ...renderStaffSignIn(emailContext(locale, await findOperatorProfile(tx)), {
                email,
                at: new Date(),
                address: client.address,
                browser: client.userAgent,
              }),
            });
          }
        });
      },
    },
  };
});
