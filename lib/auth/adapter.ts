import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { eq } from 'drizzle-orm';
import type { Adapter } from 'next-auth/adapters';
import type { Db } from '@/db';
import { accounts, sessions, users, verificationTokens } from '@/db/schema/auth';
import { requestClient } from '@/lib/http/client';
import { sessionExpiry } from './session-policy';
import { hashSessionToken } from './token-hash';

/**
 * Auth.js's Drizzle adapter, with sessions keyed by the token's hash. Auth.js hands the token to
 * the browser and to these methods; only the hash reaches the database. A new session also
 * records when and from where it began (the staff's session list) and gets the expiry of its
 * role (lib/auth/session-policy.ts); the cookie itself keeps Auth.js's 12 hours.
 * Verification tokens (the e-mailed links) are already stored hashed by Auth.js.
 */
export function hashedSessionAdapter(db: Db): Adapter {
  const base = DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    ...base,
    async createSession({ sessionToken, userId, expires }) {
      const [user] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
      const now = new Date();
      const { address, userAgent } = await requestClient();
      await db.insert(sessions).values({
        sessionToken: hashSessionToken(sessionToken),
        userId,
        expires: sessionExpiry(user?.role ?? 'subject', now, now),
        createdAt: now,
        lastSeenAt: now,
        clientAddress: address,
        userAgent,
      });
      return { sessionToken, userId, expires };
    },
    async getSessionAndUser(sessionToken) {
      const found = await base.getSessionAndUser!(hashSessionToken(sessionToken));
      return found && { ...found, session: { ...found.session, sessionToken } };
    },
    async updateSession(session) {
      const updated = await base.updateSession!({ ...session, sessionToken: hashSessionToken(session.sessionToken) });
      return updated && { ...updated, sessionToken: session.sessionToken };
    },
    async deleteSession(sessionToken) {
      await base.deleteSession!(hashSessionToken(sessionToken));
    },
  };
}
