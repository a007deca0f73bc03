import { and, asc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { staffFactors, users } from '@/db/schema/auth';

/** Everyone with a staff role, enabled or not, and whether they registered a second factor. */
export async function listStaffMembers(db: DbOrTx) {
  const factor = db
    .select({ id: staffFactors.id })
    .from(staffFactors)
    .where(and(eq(staffFactors.userId, users.id), isNotNull(staffFactors.confirmedAt)));
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
      hasFactor: sql<boolean>`exists (${factor})`,
    })
    .from(users)
    .where(ne(users.role, 'subject'))
    .orderBy(asc(users.role), asc(users.email));
}
