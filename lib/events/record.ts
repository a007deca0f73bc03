import type { Tx } from '@/db';
import { domainEvents } from '@/db/schema/events';
import { eventCatalogue, type DomainEvent } from './catalogue';
import { enqueueWebhookDeliveries } from '@/lib/webhooks/fanout';
import { emailForEvent } from './email';

/**
 * Records a domain event in the caller's transaction and fans it out to the channels, in the same
 * transaction (the subject's e-mail, the webhook outbox): it is recorded, and told, exactly when the change it reports commits. The payload is
 * checked against the catalogue, so the public contract cannot drift from what the code emits.
 */
export async function recordEvent(tx: Tx, event: DomainEvent): Promise<void> {
  const definition = eventCatalogue[event.type];
  const payload = definition.payload.parse(event.payload) as Record<string, unknown>;
  const [recorded] = await tx
    .insert(domainEvents)
    .values({ type: event.type, version: definition.version, subjectId: event.subjectId, payload })
    .returning({ id: domainEvents.id });
  await emailForEvent(tx, event);
  // The operator's systems that chose this event (lib/webhooks/fanout.ts), in the same transaction.
  await enqueueWebhookDeliveries(tx, { id: recorded!.id, type: event.type, payload });
}
