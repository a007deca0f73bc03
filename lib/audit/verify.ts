import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';

export type ChainCheck = { intact: true; count: number } | { intact: false; count: number; firstBrokenId: number };

/**
 * Recomputes every audit event's hash (migration 0001, audit_event_hash) and checks that each row
 * links to the one before it with no gap: an edited, deleted or inserted row shows as the first
 * broken link.
 */
export async function verifyAuditChain(db: DbOrTx): Promise<ChainCheck> {
  const [row] = await db.execute<{ count: string; first_broken_id: string | null }>(sql`
    with chain as (
      select e.id, e.hash, e.prev_hash, audit_event_hash(e) as recomputed,
             lag(e.hash) over (order by e.id) as previous_hash,
             coalesce(lag(e.id) over (order by e.id), 0) as previous_id
      from audit_events e
    )
    select count(*) as count,
           min(id) filter (
             where hash <> recomputed or prev_hash is distinct from previous_hash or id <> previous_id + 1
           ) as first_broken_id
    from chain`);
  const count = Number(row?.count ?? 0);
  if (row?.first_broken_id == null) return { intact: true, count };
  return { intact: false, count, firstBrokenId: Number(row.first_broken_id) };
}
