import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, timestamptz } from './columns';
import { domainEvents } from './events';
import { dataCategories, systems } from './inventory';
import { requests } from './requests';
import { dataItems } from './subjects';

/**
 * The operator's systems connected (issue 13): the tokens they call the API with, the tasks that
 * carry a request's execution to every system holding the data, and the signed webhooks that tell
 * them. A system is one row of `systems` (the inventory); everything here belongs to one.
 */

/** What a token may do. A token belongs to one system and sees only that system's tasks. */
export const apiScopes = [
  'subjects:read',
  'subjects:write',
  'transfers:write',
  'requests:read',
  'tasks:read',
  'tasks:write',
  'consents:read',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/**
 * An API token: shown once when created, stored as the SHA-256 of its secret (a token is random and
 * long, so a plain hash is enough; nothing to stretch). `prefix` is the first characters of the
 * token, kept to tell tokens apart in the back office. Revoked and expired tokens are refused.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    systemId: uuid()
      .notNull()
      .references(() => systems.id, { onDelete: 'restrict' }),
    scopes: text().array().$type<ApiScope[]>().notNull(),
    tokenHash: text().notNull().unique(),
    prefix: text().notNull(),
    expiresAt: timestamptz().notNull(),
    revokedAt: timestamptz(),
    revokedById: text().references(() => users.id, { onDelete: 'set null' }),
    lastUsedAt: timestamptz(),
    createdById: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    check('api_tokens_name_length', sql`length(trim(${t.name})) between 1 and 100`),
    check('api_tokens_has_scopes', sql`cardinality(${t.scopes}) > 0`),
  ],
);
export type ApiToken = typeof apiTokens.$inferSelect;

/**
 * A write's `Idempotency-Key`: the first answer is kept and given again to a retry with the same
 * key and body; the same key with a different body is refused. Kept a day, then swept.
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    tokenId: uuid()
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    // The method and path, and the SHA-256 of the body: what makes a retry the same request.
    fingerprint: text().notNull(),
    responseStatus: integer().notNull(),
    responseBody: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tokenId, t.key] }),
    index().on(t.createdAt),
    check('api_idempotency_key_length', sql`length(${t.key}) between 1 and 255`),
  ],
);

/**
 * What a system must do to carry out an executed request (PRODUCT.md "What executing a request
 * does"): the portal changes its own copy in the execution's transaction and writes one task per
 * system that holds an affected category. The request completes when every task is done.
 */
export const taskActions = [
  'rectify', // set the item to its new value (the portal's copy holds it; the task does not)
  'block', // keep it, but stop using, changing, distributing it (Art. 1(3))
  'unblock',
  'destroy', // erase the value for good (Art. 1(6))
  'stop_processing', // a consent withdrawn or an automated decision objected to: stop that purpose
  'public_remove', // take it down from publicly available sources (Art. 6)
] as const;
export type TaskAction = (typeof taskActions)[number];
export const taskAction = pgEnum('task_action', taskActions);

export const taskStates = ['open', 'done', 'failed'] as const;
export type TaskState = (typeof taskStates)[number];
export const taskState = pgEnum('task_state', taskStates);

export const executionTasks = pgTable(
  'execution_tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'restrict' }),
    systemId: uuid()
      .notNull()
      .references(() => systems.id, { onDelete: 'restrict' }),
    action: taskAction().notNull(),
    state: taskState().notNull().default('open'),
    // A system reached "by a person": its responsible staff member, who may hand it on.
    assigneeId: text().references(() => users.id, { onDelete: 'set null' }),
    // The purpose whose processing stops (stop_processing).
    purposeId: uuid(),
    // What the system answered: a person's note on done, the reason on failed.
    note: text(),
    closedAt: timestamptz(),
    // Who closed it: a staff member, or an API token (its id).
    closedById: text().references(() => users.id, { onDelete: 'set null' }),
    closedByTokenId: uuid().references(() => apiTokens.id, { onDelete: 'set null' }),
    // How many times it was sent: a failed task sent again counts up.
    attempt: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.requestId),
    // A system's open work, oldest first (GET /api/v1/tasks?system=…, the back office's task list).
    index('execution_tasks_system_open')
      .on(t.systemId, t.createdAt, t.id)
      .where(sql`${t.state} <> 'done'`),
    index('execution_tasks_assignee_open')
      .on(t.assigneeId, t.createdAt)
      .where(sql`${t.state} <> 'done'`),
    check('execution_tasks_closed', sql`(${t.state} = 'open') = (${t.closedAt} is null)`),
    check('execution_tasks_failed_reason', sql`${t.state} <> 'failed' or length(trim(coalesce(${t.note}, ''))) > 0`),
  ],
);
export type ExecutionTask = typeof executionTasks.$inferSelect;

/** The items a task concerns: the system changes these, by category. */
export const executionTaskItems = pgTable(
  'execution_task_items',
  {
    taskId: uuid()
      .notNull()
      .references(() => executionTasks.id, { onDelete: 'cascade' }),
    dataItemId: uuid()
      .notNull()
      .references(() => dataItems.id, { onDelete: 'restrict' }),
    categoryId: uuid()
      .notNull()
      .references(() => dataCategories.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.dataItemId] }), index().on(t.dataItemId)],
);

/**
 * A system's webhook endpoint: where the portal sends the events it chose, signed per the Standard
 * Webhooks specification with the endpoint's own secret (`whsec_…`). The secret is needed in clear
 * to sign, so it is stored encrypted with the portal's key (lib/webhooks).
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    systemId: uuid()
      .notNull()
      .references(() => systems.id, { onDelete: 'restrict' }),
    url: text().notNull(),
    description: text(),
    eventTypes: text().array().notNull(),
    secretEncrypted: text().notNull(),
    // After a rotation, the old secret signs alongside the new one until `previousSecretUntil`
    // (Standard Webhooks: several signatures in one header), so the receiver can switch without
    // refusing a message; null when the old one was revoked at once.
    previousSecretEncrypted: text(),
    previousSecretUntil: timestamptz(),
    enabled: boolean().notNull().default(true),
    createdById: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    disabledAt: timestamptz(),
  },
  (t) => [
    index().on(t.systemId),
    check('webhook_endpoints_url', sql`${t.url} ~ '^https?://'`),
    check('webhook_endpoints_has_events', sql`cardinality(${t.eventTypes}) > 0`),
  ],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/** The webhook worker LISTENs here; a delivery written NOTIFYs at commit. */
export const WEBHOOK_CHANNEL = 'derbes_webhooks';

export const deliveryStates = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof deliveryStates)[number];
export const deliveryState = pgEnum('webhook_delivery_state', deliveryStates);

/**
 * The webhook outbox: one row per event and endpoint, written in the transaction of the change the
 * event reports, so none is lost. `messageId` is the `webhook-id` the receiver deduplicates by; it
 * stays the same on every attempt and on a redelivery.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' })
      .notNull()
      .references(() => domainEvents.id, { onDelete: 'restrict' }),
    messageId: text().notNull(),
    state: deliveryState().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamptz().notNull().defaultNow(),
    lockedUntil: timestamptz(),
    lockedBy: text(),
    lastAttemptAt: timestamptz(),
    lastStatus: integer(),
    lastError: text(),
    deliveredAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_message').on(t.endpointId, t.messageId),
    index('webhook_deliveries_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} = 'pending'`),
    index().on(t.endpointId, t.id),
    // What waits or failed, per endpoint: the back office's counts and the health check's failed
    // count read only these rows, however many were delivered.
    index('webhook_deliveries_undelivered')
      .on(t.endpointId, t.state)
      .where(sql`${t.state} <> 'delivered'`),
    check('webhook_deliveries_delivered_at', sql`(${t.state} = 'delivered') = (${t.deliveredAt} is not null)`),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
