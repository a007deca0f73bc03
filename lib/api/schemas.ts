import 'zod-openapi';
import { z } from 'zod';
import { apiScopes, taskActions, taskStates } from '@/db/schema/integrations';
import { crossBorderBases } from '@/db/schema/inventory';
import { requestStates, requestTypes } from '@/db/schema/requests';
import { dataItemStates, dataSources, locales } from '@/db/schema/subjects';
import { processingMethods, VALUE_MAX } from '@/lib/import/items-file';
import { subjectFieldChecks } from '@/lib/import/subjects-file';

/**
 * The API's schemas, each defined once: the route validates with it and the OpenAPI document
 * describes it (lib/api/operations.ts names which is which). Content rules are the import's own
 * (lib/import/subjects-file.ts, items-file.ts), so a subject or an item is held to the same rules
 * whether it comes in a file or through the API.
 */

const iso = z.string().meta({ format: 'date-time', example: '2026-01-15T09:30:00.000Z' });
const isoOrNull = iso.nullable();

// ---- path parameters -------------------------------------------------------------------------

const externalId = z
  .string()
  .min(1)
  .max(200)
  .meta({
    param: { description: "The subject's id in the operator's systems (the import's external_id)." },
    example: 'CRM-000123',
  });
const categoryCode = z
  .string()
  .min(1)
  .max(200)
  .meta({ param: { description: 'The code of a data category of the inventory.' }, example: 'email' });

export const subjectPath = z.object({ externalId });
export const itemPath = z.object({ externalId, categoryCode });
export const referencePath = z.object({
  reference: z
    .string()
    .regex(/^\d{4}-\d{6}$/)
    .meta({ param: { description: "The request's reference number." }, example: '2026-000123' }),
});
export const uuidPath = z.object({ id: z.uuid().meta({ param: { description: 'The id.' } }) });

// ---- subjects --------------------------------------------------------------------------------

/** PUT /subjects/{externalId}: what is given is set; what is left out stays as it is. */
export const subjectWrite = z
  .strictObject({
    fullName: subjectFieldChecks.full_name.optional().meta({ description: 'Full name, at most 500 characters.' }),
    iin: subjectFieldChecks.iin
      .optional()
      .meta({ description: 'IIN: 12 digits with a valid check digit.', example: '900101300015' }),
    email: subjectFieldChecks.email
      .optional()
      .meta({ description: 'E-mail address (the one the subject signs in with).' }),
    phone: subjectFieldChecks.phone.optional().meta({ example: '+7 701 123 45 67' }),
    language: z.enum(locales).optional().meta({ description: "The subject's language; a new subject: kk." }),
  })
  .meta({ id: 'SubjectWrite' });

const writeOutcome = z.enum(['created', 'updated', 'unchanged']);

export const subjectAnswer = z
  .object({
    externalId: z.string(),
    outcome: writeOutcome,
    changed: z.array(z.enum(['fullName', 'iin', 'email', 'phone', 'language', 'externalId'])),
  })
  .meta({ id: 'SubjectResult' });

// ---- items -----------------------------------------------------------------------------------

const itemFields = {
  value: z.string().min(1).max(VALUE_MAX).meta({ description: 'The value itself.' }),
  source: z.enum(dataSources).meta({ description: 'Where it came from (Art. 24(1)(1)).' }),
  method: z.enum(processingMethods).meta({ description: 'How it was collected.' }),
  collectedAt: z.string().max(40).optional().meta({
    description: 'ISO 8601 date or date-time; without an offset, Kazakhstan time (UTC+5). Left out: now.',
    example: '2025-09-01T10:00:00+05:00',
  }),
  purposes: z
    .array(z.string().min(1).max(200))
    .max(50)
    .optional()
    .meta({ description: 'Purpose codes; left out: every purpose in force that uses the category.' }),
};

/** PUT /subjects/{externalId}/items/{categoryCode}: the item this token's system holds. */
export const itemWrite = z.strictObject(itemFields).meta({ id: 'ItemWrite' });

export const itemAnswer = z
  .object({ itemId: z.uuid(), externalId: z.string(), categoryCode: z.string(), outcome: writeOutcome })
  .meta({ id: 'ItemResult' });

export const MAX_BATCH = 1000;

/** POST /items:batch: up to 1,000 item writes, in one transaction. */
export const itemsBatch = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          externalId: z.string().min(1).max(200),
          categoryCode: z.string().min(1).max(200),
          ...itemFields,
        }),
      )
      .min(1)
      .max(MAX_BATCH),
  })
  .meta({ id: 'ItemsBatch' });

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), detail: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });
export { problemSchema };

export const batchAnswer = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.number().int().meta({ description: '201 created, 200 updated or unchanged, else a problem.' }),
        outcome: writeOutcome.optional(),
        itemId: z.uuid().optional(),
        problem: problemSchema.optional(),
      }),
    ),
    counts: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      refused: z.number().int(),
    }),
  })
  .meta({ id: 'BatchResult' });

export const itemsAnswer = z
  .object({
    externalId: z.string(),
    items: z.array(
      z.object({
        itemId: z.uuid(),
        categoryCode: z.string(),
        state: z.enum(dataItemStates),
        value: z.string().nullable().meta({ description: 'null when blocked (not used, Art. 1(3)) or destroyed.' }),
        source: z.enum(dataSources),
        method: z.enum(processingMethods),
        collectedAt: iso,
        updatedAt: iso,
        blockedAt: isoOrNull,
        destroyedAt: isoOrNull,
      }),
    ),
  })
  .meta({ id: 'SubjectItems' });

// ---- transfers -------------------------------------------------------------------------------

export const transferWrite = z
  .strictObject({
    externalId: z.string().min(1).max(200),
    recipientCode: z.string().min(1).max(200).meta({ description: 'The code of a recipient of the inventory.' }),
    transferredAt: z.iso.datetime({ offset: true }),
    basis: z.string().trim().min(1).max(500).meta({ description: 'The ground of the transfer, in words.' }),
    crossBorderBasis: z
      .enum(crossBorderBases)
      .optional()
      .meta({ description: "Art. 16: needed for a recipient abroad unless the recipient's own is kept." }),
    categoryCodes: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(100)
      .meta({ description: "The categories given: the subject's active items in them." }),
  })
  .meta({ id: 'TransferWrite' });

export const transferAnswer = z
  .object({ transferId: z.uuid(), items: z.number().int(), subjectNotified: z.boolean() })
  .meta({ id: 'TransferResult' });

// ---- requests --------------------------------------------------------------------------------

export const requestsQuery = z.object({
  type: z.enum(requestTypes).optional(),
  state: z.enum(requestStates).optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only requests changed since.' }),
  cursor: z.string().max(200).optional().meta({ description: "The previous page's nextCursor." }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const requestSummary = z.object({
  reference: z.string(),
  type: z.enum(requestTypes),
  state: z.enum(requestStates),
  externalId: z.string().nullable().meta({ description: "The subject's external id, if the portal has one." }),
  registeredAt: iso,
  dueAt: iso,
  completedAt: isoOrNull,
  updatedAt: iso,
});

export const requestsAnswer = z
  .object({ data: z.array(requestSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'RequestPage' });

export const requestAnswer = requestSummary
  .extend({ items: z.array(z.object({ itemId: z.uuid().nullable(), categoryCode: z.string() })) })
  .meta({ id: 'Request' });

// ---- documents -------------------------------------------------------------------------------

export const localeQuery = z.object({
  locale: z.enum(locales).optional().meta({ description: 'The language of names and descriptions.' }),
});
export const jsonLd = z.record(z.string(), z.unknown()).meta({ description: 'A JSON-LD document.' });

export { apiScopes };

// ---- tasks -----------------------------------------------------------------------------------

export const tasksQuery = z.object({
  system: z.string().max(200).optional().meta({ description: "The token's system code (the only one it sees)." }),
  state: z.enum(taskStates).default('open'),
  cursor: z.string().max(200).optional().meta({ description: "The previous page's nextCursor." }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const taskView = z
  .object({
    id: z.uuid(),
    systemCode: z.string(),
    reference: z.string().meta({ description: "The request's reference." }),
    type: z.enum(requestTypes),
    action: z.enum(taskActions),
    state: z.enum(taskStates),
    purposeCode: z.string().nullable().meta({ description: 'stop_processing: the purpose whose processing stops.' }),
    dueAt: iso,
    attempt: z.number().int(),
    note: z.string().nullable(),
    createdAt: iso,
    closedAt: isoOrNull,
    items: z.array(z.object({ itemId: z.uuid(), categoryCode: z.string() })),
  })
  .meta({ id: 'Task' });
export const taskAnswer = taskView;
export const tasksAnswer = z
  .object({ data: z.array(taskView), nextCursor: z.string().nullable() })
  .meta({ id: 'TaskPage' });

export const taskDone = z
  .strictObject({ note: z.string().max(2000).optional().meta({ description: 'What was done, for staff.' }) })
  .meta({ id: 'TaskDone' });
export const taskFailed = z
  .strictObject({ reason: z.string().trim().min(1).max(2000).meta({ description: 'Why it could not be done.' }) })
  .meta({ id: 'TaskFailed' });
