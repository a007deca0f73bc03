import type { UserRole } from '@/db/schema/auth';
import { isStaffRole } from './permissions';

/**
 * How long a signed-in browser stays signed in. Staff hold many people's data: 30 minutes without
 * a request ends their session, and none lasts past 12 hours (a working day). A subject's session
 * lasts 12 hours from their last visit.
 */
export const STAFF_IDLE_MINUTES = 30;
export const STAFF_MAX_HOURS = 12;
export const SUBJECT_IDLE_HOURS = 12;
/** `lastSeenAt` and `expires` are written at most this often, not on every request. */
export const TOUCH_EVERY_MS = 60_000;

/** When a session used at `now` expires. */
export function sessionExpiry(role: UserRole, createdAt: Date, now: Date): Date {
  if (!isStaffRole(role)) return new Date(now.getTime() + SUBJECT_IDLE_HOURS * 3600_000);
  const idle = now.getTime() + STAFF_IDLE_MINUTES * 60_000;
  const cap = createdAt.getTime() + STAFF_MAX_HOURS * 3600_000;
  return new Date(Math.min(idle, cap));
}
