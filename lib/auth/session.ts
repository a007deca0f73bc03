import 'server-only';
import { forbidden } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { cache } from 'react';
import { getDb } from '@/db';
import { findSubjectForUser } from '@/db/queries/subjects';
import type { StaffRole, UserRole } from '@/db/schema/auth';
import type { Subject } from '@/db/schema/subjects';
import { redirect } from '@/i18n/navigation';
import { auth } from './config';
import { can, type Permission } from './permissions';

/**
 * The one identity choke point. Every page, server action and route handler calls one of the
 * require* functions itself: layouts do not re-run on navigation and the proxy only sees a cookie.
 */
export type SessionUser = { id: string; email: string; role: UserRole };

export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email || user.disabled) return null;
  return { id: user.id, email: user.email, role: user.role };
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

/** Staff with `permission`; anyone else gets the 403 page. */
export async function requireStaff(permission: Permission): Promise<StaffUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) forbidden();
  return user as StaffUser;
}
