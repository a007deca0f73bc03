import type { Tx } from '@/db';
import { eventCatalogue, type DomainEvent } from './catalogue';
import { recordWithWebhookDeliveries } from '@/lib/webhooks/fanout';
import { emailForEvent } from './email';

/**
 * Records a domain event in the caller's transaction and fans it out to the channels, in the same
 * transaction (the subject's e-mail, the webhook outbox): it is recorded, and told, exactly when the change it reports commits. The payload is
 * checked against the catalogue, so the public contract cannot drift from what the code emits.
 */
export async function recordEvent(tx: Tx, event: DomainEvent): Promise<void> {
  const definition = eventCatalogue[event.type];
  const payload = definition.payload.parse(event.payload) as Record<string, unknown>;
  // The event's row and the deliveries to the operator's systems that chose it (lib/webhooks/fanout.ts),
  // one statement, sent with the e-mail's first read (one round trip; the e-mail needs its answer).
  await Promise.all([
    recordWithWebhookDeliveries(tx, {
      type: event.type,
      version: definition.version,
      subjectId: event.subjectId,
      payload,
    }),
    emailForEvent(tx, event),
  ]);
}
