import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterCommitOf, type Tx } from '@/db';
import { runPrebuilt, type Builder } from '@/db/prebuilt';
import { domainEvents } from '@/db/schema/events';
import { WEBHOOK_CHANNEL } from '@/db/schema/integrations';

/**
 * The webhook outbox's writer: one `webhook_deliveries` row per enabled endpoint that chose the
 * event's type, written in the transaction of the change the event reports (lib/events/record.ts),
 * so a delivery exists exactly when the change commits — none lost, none for a change rolled back.
 * Routing (the common contract): a `task.*` event goes only to its own system's endpoints
 * (payload.systemId): a system is told only of its own work. Every other event goes to each
 * endpoint that chose it.
 *
 * One statement with the event's own row, whether or not any endpoint exists: the insert selects
 * the endpoints. The worker is woken only when a row was written: after the portal's transaction
 * commits, by its chaining (db/index.ts, db/audit-chain.ts; issue 15: a NOTIFY inside the write
 * held PostgreSQL's NOTIFY lock through its commit's flush, one write at a time), or, in another
 * Drizzle's transaction, by a NOTIFY in the statement, delivered at commit. The endpoints table
 * holds a handful of rows; an event with no listener costs nothing more than its row.
 *
 * The `webhook-id` (messageId) is made here, once per event, and shared by its deliveries: random,
 * so ids never repeat even if the database is restored or the portal reinstalled (a receiver that
 * deduplicates would otherwise drop new events), and stable across every retry and redelivery.
 */
export type FannedEvent = { type: string; payload: Record<string, unknown> };

export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

/** The domain event's row (lib/events/record.ts), with its payload checked against the catalogue. */
export type RecordedEvent = FannedEvent & { version: number; subjectId: string | null };

/**
 * Writes the event's row and its deliveries in one statement, built once (db/prebuilt.ts: every
 * write records an event or two): one shape for an event to every endpoint that chose it, one for
 * a task event (its system's only), one for a task event naming no system (its row alone).
 */
export async function recordWithWebhookDeliveries(tx: Tx, event: RecordedEvent): Promise<void> {
  const isTask = event.type.startsWith('task.');
  const systemId = typeof event.payload.systemId === 'string' ? event.payload.systemId : null;
  const values = {
    type: event.type,
    version: event.version,
    subjectId: event.subjectId,
    payload: event.payload,
    messageId: newMessageId(),
    systemId,
  };
  const recorded = (b: Builder) =>
    sql`${b
      .insert(domainEvents)
      .values({
        type: sql.placeholder('type'),
        version: sql.placeholder('version'),
        subjectId: sql.placeholder('subjectId'),
        payload: sql.placeholder('payload'),
      })
      .getSQL()} returning id`;
  // A task event that names no system goes nowhere rather than everywhere.
  if (isTask && !systemId) {
    await runPrebuilt(tx, 'webhooks.recorded', (b) => sql`with recorded as (${recorded(b)}) select 1`, values);
    return;
  }
  const after = afterCommitOf(tx);
  const [made] = await runPrebuilt<{ n: number }>(
    tx,
    `${isTask ? 'webhooks.fanout.system' : 'webhooks.fanout'}${after ? '.counted' : ''}`,
    (b) => sql`
    with recorded as (${recorded(b)}),
    made as (
      insert into webhook_deliveries (endpoint_id, event_id, message_id)
      select e.id, recorded.id, ${sql.placeholder('messageId')}
      from webhook_endpoints e, recorded
      where e.enabled and ${sql.placeholder('type')} = any(e.event_types)
        ${isTask ? sql`and e.system_id = ${sql.placeholder('systemId')}::uuid` : sql``}
      returning 1
    )
    ${
      after
        ? sql`select count(*)::int as n from made`
        : sql`select pg_notify(${WEBHOOK_CHANNEL}, '') from (select count(*) as n from made) c where c.n > 0`
    }`,
    values,
  );
  if (after && made && made.n > 0) after.notify.add(WEBHOOK_CHANNEL);
}
