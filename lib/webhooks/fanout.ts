import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { WEBHOOK_CHANNEL } from '@/db/schema/integrations';

/**
 * The webhook outbox's writer: one `webhook_deliveries` row per enabled endpoint that chose the
 * event's type, written in the transaction of the change the event reports (lib/events/record.ts),
 * so a delivery exists exactly when the change commits — none lost, none for a change rolled back.
 * Routing (the common contract): a `task.*` event goes only to its own system's endpoints
 * (payload.systemId): a system is told only of its own work. Every other event goes to each
 * endpoint that chose it.
 *
 * One statement, whether or not any endpoint exists: the insert selects the endpoints, and the
 * NOTIFY (delivered at commit, waking the worker at once) is sent only when a row was written. The
 * endpoints table holds a handful of rows; an event with no listener costs one small query.
 *
 * The `webhook-id` (messageId) is made here, once per event, and shared by its deliveries: random,
 * so ids never repeat even if the database is restored or the portal reinstalled (a receiver that
 * deduplicates would otherwise drop new events), and stable across every retry and redelivery.
 */
export type FannedEvent = { id: number; type: string; payload: Record<string, unknown> };

export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

export async function enqueueWebhookDeliveries(tx: Tx, event: FannedEvent): Promise<void> {
  const isTask = event.type.startsWith('task.');
  const systemId = typeof event.payload.systemId === 'string' ? event.payload.systemId : null;
  // A task event that names no system goes nowhere rather than everywhere.
  if (isTask && !systemId) return;
  await tx.execute(sql`
    with made as (
      insert into webhook_deliveries (endpoint_id, event_id, message_id)
      select e.id, ${event.id}, ${newMessageId()}
      from webhook_endpoints e
      where e.enabled and ${event.type} = any(e.event_types)
        ${isTask ? sql`and e.system_id = ${systemId}::uuid` : sql``}
      returning 1
    )
    select pg_notify(${WEBHOOK_CHANNEL}, '') from (select count(*) as n from made) c where c.n > 0`);
}
