import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema/auth';

/** Staff who work the queue (agents and the dpo): whom requests can be assigned to. */
export async function listQueueStaff(db: DbOrTx) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(inArray(users.role, ['agent', 'dpo']))
    .orderBy(asc(users.name));
}
export type QueueStaff = Awaited<ReturnType<typeof listQueueStaff>>[number];
