/**
 * A fictional Kazakhstan operator for the demo: an online school and career service in Almaty.
 * Seeded once, on an empty database, by scripts/start.ts. Its staff accounts are in the README.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { operatorProfile } from '@/db/schema/operator';
import { seedInventory } from './inventory';
import { seedOperator } from './operator';
import { seedRequests } from './requests';
import { seedStaff } from './staff';
import { publishFirstNoticeVersion } from '@/lib/privacy-notice/versions';
import { seedSubjects } from './subjects';

export { demoStaff } from './staff';
export { demoSubjects } from './subjects';

export async function isDemoSeeded(tx: Tx): Promise<boolean> {
  const [row] = await tx.select({ id: operatorProfile.id }).from(operatorProfile).limit(1);
  return row !== undefined;
}

/** Seeds the demo operator in one transaction: all of it, or nothing. */
export async function seedDemoData(tx: Tx, now = new Date()): Promise<void> {
  await seedOperator(tx);
  await seedStaff(tx, now);
  const inventory = await seedInventory(tx);
  // The approved inventory is version 1 of the privacy notice.
  await publishFirstNoticeVersion(tx);
  const people = await seedSubjects(tx, now, inventory);
  await seedRequests(tx, now, { ...inventory, ...people });
  // Activity e-mails start after the seed: its history is on the activity page, not in an inbox.
  await tx.execute(sql`update subjects set activity_digest_last_event_id = (select max(id) from audit_events)`);
}
