import { z } from 'zod';
import { taskActions } from '@/db/schema/integrations';
import { crossBorderBases } from '@/db/schema/inventory';
import { representativeRelationships } from '@/db/schema/representatives';
import { requestTypes } from '@/db/schema/requests';

/**
 * The domain events: the public contract of what happens in the portal. Each event has a name
 * (`<entity>.<what happened>`), a version and a payload schema; the portal records it in the
 * transaction of the change (lib/events/record.ts) and turns it into what each channel needs:
 * the subject's e-mail in their language (lib/events/email.ts), the activity entry (from the audit
 * trail), and, next, webhook deliveries to the operator's systems and postal letters.
 *
 * Rules of the contract:
 * - a payload only grows: a field is never renamed, retyped or removed within a version;
 * - a breaking change is a new version of the event, and both are emitted while consumers move;
 * - times are ISO 8601 in UTC; ids are UUIDs; requests are also named by their reference;
 * - payloads carry what a consumer needs to act, never the value of a personal data item.
 */
const uuid = z.uuid();
const instant = z.iso.datetime();
const reference = z.string().regex(/^\d{4}-\d{6}$/);
const requestType = z.enum(requestTypes);

const requestEvent = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.object({ requestId: uuid, reference, type: requestType, ...shape }).strict();

/** A task of an executed request for one system (lib/tasks): ids and codes only, never a value. */
const taskEvent = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z
    .object({
      taskId: uuid,
      systemId: uuid,
      systemCode: z.string(),
      requestId: uuid,
      reference,
      type: requestType,
      action: z.enum(taskActions),
      dueAt: instant,
      items: z.array(z.object({ itemId: uuid, categoryCode: z.string() }).strict()),
      ...shape,
    })
    .strict();

export const eventCatalogue = {
  'request.registered': {
    version: 1,
    description: 'A request was registered (from the portal, or by staff from paper or e-mail, Art. 10(2)).',
    payload: requestEvent({
      channel: z.enum(['portal', 'paper', 'email']),
      registeredAt: instant,
      dueAt: instant,
      /** The request's term in working days (the deadline policy in force when it was registered). */
      workingDays: z.number().int().positive(),
    }),
  },
  'request.information_requested': {
    version: 1,
    description: 'Staff asked the subject for information the request needs.',
    payload: requestEvent({ message: z.string() }),
  },
  'request.message_posted': {
    version: 1,
    description: 'Staff wrote to the subject about the request.',
    payload: requestEvent({ message: z.string() }),
  },
  'request.extended': {
    version: 1,
    description: 'The deadline was extended, with the reason given to the subject.',
    payload: requestEvent({ dueAt: instant, reason: z.string() }),
  },
  'request.data_blocked': {
    version: 1,
    description:
      'BLOCK: the data was blocked at once; the review of the violation is due at reviewDueAt (Art. 25(2)(8)).',
    payload: requestEvent({ reviewDueAt: instant }),
  },
  'request.executed': {
    version: 1,
    description: 'The request was executed: the data changed as asked, in every place the portal holds it.',
    payload: requestEvent({ outcome: z.string().nullable() }),
  },
  'request.refused': {
    version: 1,
    description: 'The request was refused with reasons (Art. 25(2)(7), 8(7)).',
    payload: requestEvent({ reasonCode: z.string(), legalBasis: z.string(), text: z.string() }),
  },
  'request.filed_by_representative': {
    version: 1,
    description:
      'The request was filed for the subject by a legal representative or under a power of attorney, from their own account (fromAccount) or on paper (Art. 7(1), 10(2), 24).',
    payload: requestEvent({ relationship: z.enum(representativeRelationships), fromAccount: z.boolean() }),
  },
  'request.authority_decided': {
    version: 1,
    description:
      "Staff checked the representative's document: the authority is confirmed, or not (then the request is refused), Art. 10(2).",
    payload: requestEvent({ authority: z.enum(['confirmed', 'not_confirmed']) }),
  },
  'task.created': {
    version: 1,
    description:
      'A system holding the data must carry out an executed request (Art. 25(2)(8)): one task per system, with the items it concerns. Sent again after a failure with the same taskId.',
    payload: taskEvent({}),
  },
  'task.done': {
    version: 1,
    description:
      'A system carried out its task; `note` is what it said. The request completes when its last task is done.',
    payload: taskEvent({ note: z.string().nullable() }),
  },
  'task.failed': {
    version: 1,
    description: 'A system could not carry out its task; `reason` says why. The request goes back to staff.',
    payload: taskEvent({ reason: z.string() }),
  },
  'consent.withdrawn': {
    version: 1,
    description: 'A consent was withdrawn (Art. 8(7)); processing that rested on it stopped.',
    payload: z.object({ consentId: uuid, requestReference: reference }).strict(),
  },
  'consent.expired': {
    version: 1,
    description: 'A consent reached the end of its term (Art. 8(5)); processing that rested on it stopped.',
    payload: z.object({ consentId: uuid }).strict(),
  },
  'transfer.recorded': {
    version: 1,
    description: 'Data was transferred to a recipient; `notifySubject` says whether the Art. 19 notice is due.',
    payload: z
      .object({
        transferId: uuid,
        recipient: z.object({ id: uuid, country: z.string().length(2) }),
        transferredAt: instant,
        basis: z.string(),
        crossBorderBasis: z.enum(crossBorderBases).nullable(),
        categoryCodes: z.array(z.string()),
        notifySubject: z.boolean(),
      })
      .strict(),
  },
  'breach.recorded': {
    version: 1,
    description: 'A breach was recorded; the authorized body is to be told within one working day (Art. 25(2)(8)).',
    payload: z
      .object({ incidentId: uuid, discoveredAt: instant, authorityDueAt: instant, subjects: z.number().int() })
      .strict(),
  },
  'breach.subject_notified': {
    version: 1,
    description: 'A subject affected by a breach was told what happened and what was done.',
    payload: z
      .object({ incidentId: uuid, discoveredAt: instant, description: z.string(), measures: z.string() })
      .strict(),
  },
} as const;

export type EventType = keyof typeof eventCatalogue;
export type EventPayload<T extends EventType> = z.input<(typeof eventCatalogue)[T]['payload']>;

/** An event as the code that caused it describes it. */
export type DomainEvent = {
  [T in EventType]: { type: T; subjectId: string | null; payload: EventPayload<T> };
}[EventType];
