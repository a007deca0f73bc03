import type { StaffRole, UserRole } from '@/db/schema/auth';
import { can, type Permission } from '@/lib/auth/permissions';
import { DomainError } from '@/lib/errors';

/**
 * Who works in the back office. Every back-office function checks the permission itself, as well
 * as the server action or page that calls it (requireStaff): the same table, fail closed.
 */
export type Staff = { id: string; role: StaffRole };

export function authorize(user: { id: string; role: UserRole } | null, permission: Permission): Staff {
  if (!user || !can(user.role, permission)) throw new DomainError('forbidden');
  return user as Staff;
}
