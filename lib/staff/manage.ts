import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db';
import { sessions, staffRoles, users, type StaffRole } from '@/db/schema/auth';
import { recordAudit, systemActor, type Actor } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { DomainError, type StaffRefusal } from '@/lib/errors';

type User = Parameters<typeof authorize>[0];
const email = z.email().max(254);

/**
 * The admin gives a person a staff role (PRODUCT.md: admin manages staff accounts and roles). They
 * then sign in with their work address like anyone else; the role decides what they may do.
 */
export async function saveStaffMember(tx: Tx, user: User, input: { email: string; name: string; role: string }) {
  const admin = authorize(user, 'staff.manage');
  const address = email.safeParse(input.email.trim().toLowerCase());
  const name = input.name.trim();
  if (!address.success || !name || name.length > 200 || !staffRoles.includes(input.role as StaffRole))
    throw new DomainError<StaffRefusal>('invalid');
  await upsertStaff(tx, admin, { email: address.data, name, role: input.role as StaffRole });
}

/** Creates the staff account or changes its role (and name, when given), with its audit event. */
async function upsertStaff(
  tx: Tx,
  actor: Actor,
  input: { email: string; name?: string; role: StaffRole; enable?: boolean },
): Promise<void> {
  const changes = {
    role: input.role,
    ...(input.name ? { name: input.name } : {}),
    ...(input.enable ? { disabledAt: null } : {}),
  };
  const [member] = await tx
    .insert(users)
    .values({ email: input.email, name: input.name ?? input.email, role: input.role })
    .onConflictDoUpdate({ target: users.email, set: changes })
    .returning({ id: users.id });
  await recordAudit(tx, {
    actor,
    action: 'staff_changed',
    entityType: 'user',
    entityId: member!.id,
    details: { email: input.email, role: input.role },
  });
}

/** Turning access off also ends the person's open sessions; an admin cannot lock themselves out. */
export async function setStaffDisabled(tx: Tx, user: User, input: { userId: string; disabled: boolean }) {
  const admin = authorize(user, 'staff.manage');
  if (input.userId === admin.id) throw new DomainError<StaffRefusal>('invalid');
  const [member] = await tx
    .update(users)
    .set({ disabledAt: input.disabled ? new Date() : null })
    .where(and(eq(users.id, input.userId), ne(users.role, 'subject')))
    .returning({ id: users.id, email: users.email });
  if (!member) throw new DomainError<StaffRefusal>('notFound');
  if (input.disabled) await tx.delete(sessions).where(eq(sessions.userId, member.id));
  await recordAudit(tx, {
    actor: admin,
    action: 'staff_changed',
    entityType: 'user',
    entityId: member.id,
    details: { email: member.email, disabled: input.disabled },
  });
}

/**
 * Makes `email` an admin, for the operator's command line (`derbes create-admin`) and the first
 * start of a production database (ADMIN_EMAIL). With `onlyIfNoAdmin`, nothing happens once an admin
 * exists. Recorded in the audit trail as done by the portal itself. Returns whether it changed anything.
 */
export async function makeAdmin(tx: Tx, address: string, { onlyIfNoAdmin = false } = {}): Promise<boolean> {
  const parsed = email.safeParse(address.trim().toLowerCase());
  if (!parsed.success) throw new DomainError<StaffRefusal>('invalid');
  if (onlyIfNoAdmin) {
    const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
    if (admins.length > 0) return false;
  }
  await upsertStaff(tx, systemActor, { email: parsed.data, role: 'admin', enable: true });
  return true;
}
