import type { Tx } from '@/db';
import { domainEvents } from '@/db/schema/events';
import { eventCatalogue, type DomainEvent } from './catalogue';
import { emailForEvent } from './email';

/**
 * Records a domain event in the caller's transaction and fans it out to the channels, in the same
 * transaction: it is recorded, and told, exactly when the change it reports commits. The payload is
 * checked against the catalogue, so the public contract cannot drift from what the code emits.
 */
export async function recordEvent(tx: Tx, event: DomainEvent): Promise<void> {
  const definition = eventCatalogue[event.type];
  const payload = definition.payload.parse(event.payload) as Record<string, unknown>;
  await tx
    .insert(domainEvents)
    .values({ type: event.type, version: definition.version, subjectId: event.subjectId, payload });
  await emailForEvent(tx, event);
}
