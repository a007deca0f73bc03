import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { WEBHOOK_CHANNEL, webhookDeliveries, webhookEndpoints } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import type { UserRole } from '@/db/schema/auth';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { isDemo } from '@/lib/env';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { eventCatalogue, type EventType } from '@/lib/events/catalogue';
import { sealEndpointSecret } from './secrets';

/**
 * The admin's webhook endpoints (issue 13, point 4): registered per system, each choosing events
 * from the catalogue, each with its own signing secret. Every function checks the permission
 * again (integrations.manage) whatever the page did.
 */
type User = { id: string; role: UserRole };

/**
 * Who changed what of the operator's integrations, for the audit trail (Art. 22(1)(5)): the change
 * and the endpoint, never its address (it may carry a token) or its secret.
 */
function auditEndpoint(tx: Tx, staff: User, endpointId: string, details: Record<string, unknown>) {
  return recordAudit(tx, {
    actor: staff,
    action: 'integration_changed',
    entityType: 'webhook_endpoint',
    entityId: endpointId,
    details,
  });
}

export const webhookEventTypes = Object.keys(eventCatalogue) as EventType[];

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
export const URL_MAX = 2000;

/**
 * Why an endpoint's address is refused, or null. Webhooks carry what a system needs to act (a
 * RECTIFY's new value), so they travel over TLS: https only, except to this machine (a receiver
 * beside the portal) and in demo mode. No credentials in the address (they would show in the
 * back office); a token in the query string is allowed and never logged.
 */
export function endpointUrlProblem(value: string): 'format' | 'https' | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'format';
  }
  if (value.length > URL_MAX || url.username || url.password || url.hash) return 'format';
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'format';
  return LOOPBACK_HOSTS.includes(url.hostname) || isDemo() ? null : 'https';
}

function checkEventTypes(types: string[]): string[] {
  const chosen = [...new Set(types)];
  if (chosen.length === 0 || chosen.some((type) => !Object.hasOwn(eventCatalogue, type)))
    throw new DomainError<StaffRefusal>('invalid');
  return chosen;
}

export async function createWebhookEndpoint(
  tx: Tx,
  user: User,
  input: { systemId: string; url: string; description: string | null; eventTypes: string[]; secret: string },
): Promise<string> {
  const staff = authorize(user, 'integrations.manage');
  if (endpointUrlProblem(input.url)) throw new DomainError<StaffRefusal>('invalid');
  const eventTypes = checkEventTypes(input.eventTypes);
  const [system] = await tx
    .select({ id: systems.id })
    .from(systems)
    .where(and(eq(systems.id, input.systemId), isNull(systems.retiredAt)));
  if (!system) throw new DomainError<StaffRefusal>('notFound');
  const [endpoint] = await tx
    .insert(webhookEndpoints)
    .values({
      systemId: system.id,
      url: input.url,
      description: input.description?.slice(0, 500) || null,
      eventTypes,
      secretEncrypted: sealEndpointSecret(input.secret),
      createdById: staff.id,
    })
    .returning({ id: webhookEndpoints.id });
  await auditEndpoint(tx, staff, endpoint!.id, { change: 'registered', eventTypes });
  return endpoint!.id;
}

/** The events an endpoint receives from now on; its address and description. */
export async function updateWebhookEndpoint(
  tx: Tx,
  user: User,
  input: { endpointId: string; url: string; description: string | null; eventTypes: string[] },
): Promise<void> {
  const staff = authorize(user, 'integrations.manage');
  if (endpointUrlProblem(input.url)) throw new DomainError<StaffRefusal>('invalid');
  const eventTypes = checkEventTypes(input.eventTypes);
  const rows = await tx
    .update(webhookEndpoints)
    .set({ url: input.url, description: input.description?.slice(0, 500) || null, eventTypes })
    .where(eq(webhookEndpoints.id, input.endpointId))
    .returning({ id: webhookEndpoints.id });
  if (rows.length === 0) throw new DomainError<StaffRefusal>('notFound');
  await auditEndpoint(tx, staff, input.endpointId, { change: 'changed', eventTypes });
}

/** How long a rotated-out secret still signs, beside the new one: a working day to put the new one in place. */
export const SECRET_OVERLAP_HOURS = 24;

/**
 * A new secret signs from now on, retries included. The old one signs beside it for
 * SECRET_OVERLAP_HOURS (two signatures in `webhook-signature`, which a Standard Webhooks receiver
 * accepts when either verifies), so the system's receiver can switch without refusing a message;
 * `revokeOld` (a secret that leaked) stops the old one at once.
 */
export async function rotateWebhookSecret(
  tx: Tx,
  user: User,
  input: { endpointId: string; secret: string; revokeOld?: boolean },
): Promise<void> {
  const staff = authorize(user, 'integrations.manage');
  const overlap = !input.revokeOld;
  const rows = await tx
    .update(webhookEndpoints)
    .set({
      // The right-hand sides read the row as it was: the old secret moves aside.
      previousSecretEncrypted: overlap ? sql`${webhookEndpoints.secretEncrypted}` : null,
      previousSecretUntil: overlap ? sql`now() + make_interval(hours => ${SECRET_OVERLAP_HOURS})` : null,
      secretEncrypted: sealEndpointSecret(input.secret),
    })
    .where(eq(webhookEndpoints.id, input.endpointId))
    .returning({ id: webhookEndpoints.id });
  if (rows.length === 0) throw new DomainError<StaffRefusal>('notFound');
  await auditEndpoint(tx, staff, input.endpointId, { change: 'secretRotated', oldSecretRevoked: !overlap });
}

/**
 * A disabled endpoint gets no new deliveries, and those already waiting hold until it is enabled
 * again (then they go, or fail once their attempts are spent).
 */
export async function setWebhookEndpointEnabled(
  tx: Tx,
  user: User,
  input: { endpointId: string; enabled: boolean },
): Promise<void> {
  const staff = authorize(user, 'integrations.manage');
  const rows = await tx
    .update(webhookEndpoints)
    .set({ enabled: input.enabled, disabledAt: input.enabled ? null : sql`now()` })
    .where(eq(webhookEndpoints.id, input.endpointId))
    .returning({ id: webhookEndpoints.id });
  if (rows.length === 0) throw new DomainError<StaffRefusal>('notFound');
  await auditEndpoint(tx, staff, input.endpointId, { change: input.enabled ? 'enabled' : 'disabled' });
  if (input.enabled) await tx.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`);
}

/**
 * "Redeliver" (as in Stripe's and GitHub's delivery logs): the same message — same `webhook-id`, so
 * a receiver that already has it answers without acting twice — sent again now, with a fresh
 * series of attempts. The body is built again at sending, from the same event.
 */
export async function redeliverWebhook(
  tx: Tx,
  user: User,
  input: { endpointId: string; deliveryId: number },
): Promise<void> {
  authorize(user, 'integrations.manage');
  const rows = await tx
    .update(webhookDeliveries)
    .set({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: sql`now()`,
      deliveredAt: null,
      lockedUntil: null,
      lockedBy: null,
    })
    .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.endpointId, input.endpointId)))
    .returning({ id: webhookDeliveries.id });
  if (rows.length === 0) throw new DomainError<StaffRefusal>('notFound');
  await tx.execute(sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`);
}
