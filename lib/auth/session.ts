import 'server-only';
import { cookies, headers } from 'next/headers';
import { forbidden } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { cache } from 'react';
import { getDb } from '@/db';
import { findLiveSession, touchSession } from '@/db/queries/sessions';
import { findSubjectForUser } from '@/db/queries/subjects';
import type { StaffRole, UserRole } from '@/db/schema/auth';
import type { Subject } from '@/db/schema/subjects';
import { redirect } from '@/i18n/navigation';
import { env } from '@/lib/env';
import { hashSessionToken } from './token-hash';
import { can, isStaffRole, type Permission } from './permissions';
import { sessionExpiry, TOUCH_EVERY_MS } from './session-policy';

/**
 * The one identity choke point. Every page, server action and route handler calls one of the
 * require* functions itself: layouts do not re-run on navigation and the proxy only sees a cookie.
 */
export type SessionUser = {
  id: string;
  email: string;
  role: UserRole;
  /** The hash of this browser's session token (lib/auth/adapter.ts). */
  sessionId: string;
  /** Staff: the second factor was given in this session. Subjects: always true (theirs is a later issue). */
  fullyVerified: boolean;
};

/** Auth.js's cookie: `__Secure-` when the portal is served over https. */
function sessionCookieName(): string {
  return env().AUTH_URL.startsWith('https://') ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

/**
 * The session of this request, read from the database on every request: a disabled account, a
 * changed role or an ended session takes effect at once. Using it moves its expiry
 * (lib/auth/session-policy.ts: 30 minutes idle for staff, never past 12 hours).
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token || token.length > 256) return null;
  const db = getDb();
  const now = new Date();
  const session = await findLiveSession(db, hashSessionToken(token), now);
  if (!session || !session.user.email || session.user.disabledAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS)
    await touchSession(db, session.tokenHash, now, sessionExpiry(session.user.role, session.createdAt, now));
  return {
    id: session.user.id,
    email: session.user.email,
    role: session.user.role,
    sessionId: session.tokenHash,
    fullyVerified: !isStaffRole(session.user.role) || session.secondFactorAt !== null,
  };
});

/** Anonymous visitors are sent to sign in. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) return redirect({ href: '/sign-in', locale: await getLocale() });
  return user;
}

/**
 * A data subject and the record the operator holds about them. `subject` is null for someone the
 * operator holds nothing about: a valid sign-in, and a valid answer (Art. 24(1)(1)).
 */
export const requireSubject = cache(async (): Promise<{ user: SessionUser; subject: Subject | null }> => {
  const user = await requireUser();
  if (user.role !== 'subject') forbidden();
  return { user, subject: await findSubjectForUser(getDb(), user) };
});

export type StaffUser = SessionUser & { role: StaffRole };

/**
 * Staff with `permission`; anyone else gets the 403 page. Staff who have not yet given their
 * second factor in this session are sent to give it (or to register one) first.
 */
export async function requireStaff(permission: Permission): Promise<StaffUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) forbidden();
  if (!user.fullyVerified) {
    const next = (await headers()).get('x-pathname');
    const query = next ? `?${new URLSearchParams({ next })}` : '';
    return redirect({ href: `/sign-in/second-factor${query}`, locale: await getLocale() });
  }
  return user as StaffUser;
}
