import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { domainEvents } from '@/db/schema/events';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';

/** Every endpoint with its system and how its deliveries stand, for the back office's list. */
export async function listWebhookEndpoints(db: DbOrTx) {
  return db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      eventTypes: webhookEndpoints.eventTypes,
      enabled: webhookEndpoints.enabled,
      createdAt: webhookEndpoints.createdAt,
      systemId: systems.id,
      systemCode: systems.code,
      systemName: systems.name,
      pending: sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = ${webhookEndpoints.id} and d.state <> 'delivered' and d.state = 'pending')`,
      failed: sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = ${webhookEndpoints.id} and d.state <> 'delivered' and d.state = 'failed')`,
    })
    .from(webhookEndpoints)
    .innerJoin(systems, eq(systems.id, webhookEndpoints.systemId))
    .orderBy(asc(systems.sortOrder), asc(systems.code), asc(webhookEndpoints.createdAt));
}

export async function findWebhookEndpoint(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      eventTypes: webhookEndpoints.eventTypes,
      enabled: webhookEndpoints.enabled,
      createdAt: webhookEndpoints.createdAt,
      disabledAt: webhookEndpoints.disabledAt,
      // When the rotated-out secret stops signing (null: none does now).
      oldSecretUntil: sql<Date | null>`case when ${webhookEndpoints.previousSecretUntil} > now()
        then ${webhookEndpoints.previousSecretUntil} end`.mapWith(webhookEndpoints.previousSecretUntil),
      systemId: systems.id,
      systemCode: systems.code,
      systemName: systems.name,
    })
    .from(webhookEndpoints)
    .innerJoin(systems, eq(systems.id, webhookEndpoints.systemId))
    .where(eq(webhookEndpoints.id, id));
  return row ?? null;
}

export const DELIVERY_PAGE = 50;

/**
 * An endpoint's delivery log, newest first, a page at a time by keyset (`before`: the last id of
 * the page before), so a log of millions reads as fast at its end as at its start.
 */
export async function listWebhookDeliveries(
  db: DbOrTx,
  endpointId: string,
  { before, limit = DELIVERY_PAGE }: { before?: number; limit?: number } = {},
) {
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      messageId: webhookDeliveries.messageId,
      eventType: domainEvents.type,
      state: webhookDeliveries.state,
      attempts: webhookDeliveries.attempts,
      lastStatus: webhookDeliveries.lastStatus,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
    })
    .from(webhookDeliveries)
    .innerJoin(domainEvents, eq(domainEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        before === undefined ? undefined : lt(webhookDeliveries.id, before),
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit + 1);
  return { deliveries: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1]!.id : null };
}

export type WebhookStatus = {
  pending: number;
  /** Seconds since the oldest pending delivery was written; null when none waits. */
  oldestPendingSeconds: number | null;
  failed: number;
};

/** The webhook outbox at a glance, for the health check and the metrics, from the partial indexes only. */
export async function findWebhookStatus(db: DbOrTx): Promise<WebhookStatus> {
  // `state <> 'delivered'` lets the failed count read webhook_deliveries_undelivered, not every row.
  const [row] = await db.execute<{ pending: string; oldest: string | null; failed: string }>(sql`
    select (select count(*) from webhook_deliveries where state = 'pending') as pending,
           (select extract(epoch from now() - min(created_at)) from webhook_deliveries where state = 'pending') as oldest,
           (select count(*) from webhook_deliveries where state <> 'delivered' and state = 'failed') as failed`);
  return {
    pending: Number(row?.pending ?? 0),
    oldestPendingSeconds: row?.oldest == null ? null : Math.round(Number(row.oldest)),
    failed: Number(row?.failed ?? 0),
  };
}

/** The systems an endpoint can belong to: those in force, in the inventory's order. */
export async function listCurrentSystems(db: DbOrTx) {
  return db
    .select({ id: systems.id, code: systems.code, name: systems.name })
    .from(systems)
    .where(isNull(systems.retiredAt))
    .orderBy(asc(systems.sortOrder), asc(systems.code));
}
