import { asc, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';

/** Everyone with a staff role, enabled or not. */
export async function listStaffMembers(db: DbOrTx) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(ne(users.role, 'subject'))
    .orderBy(asc(users.role), asc(users.email));
}
