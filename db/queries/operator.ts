import type { DbOrTx } from '@/db';
import { operatorProfile, type OperatorProfile } from '@/db/schema/operator';

export async function findOperatorProfile(db: DbOrTx): Promise<OperatorProfile | null> {
  const [profile] = await db.select().from(operatorProfile).limit(1);
  return profile ?? null;
}
