import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { namedSubjectsDigestSql } from '@/db/queries/audit-subjects';

export type ChainCheck = { intact: true; count: number } | { intact: false; count: number; firstBrokenId: number };

/**
 * Recomputes every audit event's hash (migration 0001, audit_event_hash) and checks that each row
 * links to the one before it with no gap: an edited, deleted or inserted row shows as the first
 * broken link. An event about many subjects (lib/audit/naming.ts, recordAuditNaming) is broken too
 * when its rows in audit_event_subjects (those of the batch its details name, migration 0032) no
 * longer give the count and SHA-256 its details hold (namedSubjectsDigestSql). Rows of a batch no
 * event names are reported at the chain's last event: they were added after it, or their event was
 * removed (which breaks the chain where it was). Rows whose event is committed but not chained yet
 * (audit_events_pending, migration 0034) are not a break: the chaining brings their event.
 */
const namedSubjectsBroken = sql`
  with named as (${namedSubjectsDigestSql(sql`audit_event_subjects`, sql`batch_id`)}),
  naming as (
    select id, audit_event_batch(id, details) as batch, details -> 'subjects' as subjects
    from audit_events where details ? 'subjects'
  )
  select min(coalesce(naming.id, (select coalesce(max(id), 0) from audit_events)))
  from naming full join named on named.batch_id = naming.batch
  where (naming.id is null and not exists (
           select 1 from audit_events_pending p
           where p.details ? 'subjects' and (p.details -> 'subjects' ->> 'batch')::uuid = named.batch_id))
     or named.batch_id is null
     or (naming.subjects ->> 'count')::bigint is distinct from named.count
     or naming.subjects ->> 'sha256' is distinct from named.sha256`;

export async function verifyAuditChain(db: DbOrTx): Promise<ChainCheck> {
  const [row] = await db.execute<{ count: string; first_broken_id: string | null }>(sql`
    with chain as (
      select e.id, e.hash, e.prev_hash, audit_event_hash(e) as recomputed,
             lag(e.hash) over (order by e.id) as previous_hash,
             coalesce(lag(e.id) over (order by e.id), 0) as previous_id
      from audit_events e
    )
    select count(*) as count,
           least(
             min(id) filter (
               where hash <> recomputed or prev_hash is distinct from previous_hash or id <> previous_id + 1
             ),
             (${namedSubjectsBroken})
           ) as first_broken_id
    from chain`);
  const count = Number(row?.count ?? 0);
  if (row?.first_broken_id == null) return { intact: true, count };
  return { intact: false, count, firstBrokenId: Number(row.first_broken_id) };
}
