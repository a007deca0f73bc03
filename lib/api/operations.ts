import { z } from 'zod';
import { defineOperation } from './operation';
import {
  batchAnswer,
  itemAnswer,
  itemPath,
  itemsAnswer,
  itemsBatch,
  itemWrite,
  jsonLd,
  localeQuery,
  referencePath,
  requestAnswer,
  requestsAnswer,
  requestsQuery,
  subjectAnswer,
  subjectPath,
  subjectWrite,
  taskAnswer,
  taskDone as taskDoneBody,
  taskFailed as taskFailedBody,
  tasksAnswer,
  tasksQuery,
  transferAnswer,
  transferWrite,
  uuidPath,
} from './schemas';

/**
 * Every operation of /api/v1, once: the route handlers under app/api/v1 run these (lib/api/handler.ts)
 * and the OpenAPI document lists these (lib/api/openapi.ts). lib/api/operations.test.ts checks each
 * has its route file and each route file its operation.
 */
export const putSubject = defineOperation({
  id: 'putSubject',
  method: 'put',
  path: '/subjects/{externalId}',
  tag: 'Subjects',
  summary: 'Create or update a subject',
  description:
    'Matched as an import matches: by the external id, then the IIN, then the e-mail address. Fields left out stay as they are. Keys that point at two people, or contradict the person found, are a conflict (409) for a person to resolve; nothing is merged on a guess. The subject sees the change in their activity (Art. 8-2).',
  scope: 'subjects:write',
  params: subjectPath,
  body: subjectWrite,
  answer: {
    status: 200,
    description: 'Updated, or already as given.',
    schema: subjectAnswer,
    also: [{ status: 201, description: 'Created.' }],
  },
  problems: ['validation', 'malformed', 'conflict', 'idempotency-conflict', 'payload-too-large'],
});

export const putItem = defineOperation({
  id: 'putItem',
  method: 'put',
  path: '/subjects/{externalId}/items/{categoryCode}',
  tag: 'Items',
  summary: "Create or update the item this token's system holds",
  description:
    "One item per subject, category and system (the token's). A new item is processed for the purposes given, or every purpose in force that uses the category; a changed value keeps the old one only sealed in the audit trail. A destroyed item is never written again (409 destroyed-item, Art. 1(6)); a blocked one is not changed (409 blocked-item, Art. 1(3)). The subject sees it in their activity as supplemented or updated from the system (Art. 8-2).",
  scope: 'subjects:write',
  params: itemPath,
  body: itemWrite,
  answer: {
    status: 200,
    description: 'Updated, or already as given.',
    schema: itemAnswer,
    also: [{ status: 201, description: 'Created.' }],
  },
  problems: [
    'validation',
    'malformed',
    'not-found',
    'unknown-category',
    'category-not-in-system',
    'unknown-purpose',
    'destroyed-item',
    'blocked-item',
    'idempotency-conflict',
    'payload-too-large',
  ],
});

export const batchItems = defineOperation({
  id: 'batchItems',
  method: 'post',
  path: '/items:batch',
  tag: 'Items',
  summary: 'Write up to 1,000 items in one transaction',
  description:
    'Each item as PUT /subjects/{externalId}/items/{categoryCode} writes it, all in one transaction, with a result for each in the order given: 201 or 200 with the item, or the problem that item met (the others are still written). A body that does not match the schema is refused whole (422).',
  scope: 'subjects:write',
  body: itemsBatch,
  answer: { status: 200, description: 'A result for each item.', schema: batchAnswer },
  problems: ['validation', 'malformed', 'idempotency-conflict', 'payload-too-large'],
});

export const listItems = defineOperation({
  id: 'listItems',
  method: 'get',
  path: '/subjects/{externalId}/items',
  tag: 'Items',
  summary: "What the portal holds from this token's system about a subject",
  description:
    "Only the items this token's system holds: a system reads back what it keeps, never what other systems keep about the person (data are not collected or disclosed beyond what the purpose needs, Art. 7(8)-(9)). Blocked items are listed with their state and no value (they are not used, Art. 1(3)); destroyed ones as tombstones: category and dates, no value (Art. 1(6)). The read shows in the subject's activity as a view (Art. 8-2).",
  scope: 'subjects:read',
  params: subjectPath,
  answer: { status: 200, description: "The subject's items held by this system.", schema: itemsAnswer },
  problems: ['not-found'],
});

export const postTransfer = defineOperation({
  id: 'postTransfer',
  method: 'post',
  path: '/transfers',
  tag: 'Transfers',
  summary: "Record a transfer of a subject's data to a recipient",
  description:
    "Registered as staff register one (Art. 22(1)(5)): the subject's active items of the categories given, to a recipient of the inventory; blocked data cannot be passed on (409 blocked-item); a recipient abroad needs its Art. 16 ground. Where the recipient's transfers are notified and the subject asked for notice, the Art. 19 notice follows, within ten working days.",
  scope: 'transfers:write',
  body: transferWrite,
  answer: { status: 201, description: 'Recorded.', schema: transferAnswer },
  problems: [
    'validation',
    'malformed',
    'not-found',
    'unknown-recipient',
    'unknown-category',
    'blocked-item',
    'idempotency-conflict',
  ],
});

export const listRequests = defineOperation({
  id: 'listRequests',
  method: 'get',
  path: '/requests',
  tag: 'Requests',
  summary: "The subjects' requests, oldest change first",
  description:
    "Filter by type, state and updatedSince; page with nextCursor (ordered by the time of the last change, then the id, so a sync sees each change once). Each page shows in its subjects' activity as a view.",
  scope: 'requests:read',
  query: requestsQuery,
  answer: { status: 200, description: 'A page of requests.', schema: requestsAnswer },
  problems: ['validation'],
});

export const getRequest = defineOperation({
  id: 'getRequest',
  method: 'get',
  path: '/requests/{reference}',
  tag: 'Requests',
  summary: 'One request by its reference',
  description: "The request, with the items it concerns. Shows in the subject's activity as a view.",
  scope: 'requests:read',
  params: referencePath,
  answer: { status: 200, description: 'The request.', schema: requestAnswer },
  problems: ['not-found'],
});

export const listTasks = defineOperation({
  id: 'listTasks',
  method: 'get',
  path: '/tasks',
  tag: 'Tasks',
  summary: "This token's system's tasks, oldest first",
  description:
    "What the system must carry out for executed requests (correct, block, unblock, destroy, stop processing, remove from public sources), with the items by category; never a value (the webhook task.created carries a correction's new value). Open tasks by default; `state` failed or done for the others. A token sees only its own system's tasks: `system`, if given, must be its code (else 403 other-system).",
  scope: 'tasks:read',
  query: tasksQuery,
  answer: { status: 200, description: 'A page of tasks.', schema: tasksAnswer },
  problems: ['validation', 'other-system'],
});

const taskClosing =
  "Only a task of this token's system (another's is 404 not-found). Closing a closed task the same way again answers the task as it is; the other way is 409 task-closed. The request is completed when its last task is done; a failure sends it back to staff with the reason.";

export const taskDone = defineOperation({
  id: 'taskDone',
  method: 'post',
  path: '/tasks/{id}/done',
  tag: 'Tasks',
  summary: 'The system carried out its task',
  description: taskClosing,
  scope: 'tasks:write',
  params: uuidPath,
  body: taskDoneBody,
  answer: { status: 200, description: 'The task, done.', schema: taskAnswer },
  problems: ['validation', 'malformed', 'not-found', 'task-closed', 'idempotency-conflict'],
});

export const taskFailed = defineOperation({
  id: 'taskFailed',
  method: 'post',
  path: '/tasks/{id}/failed',
  tag: 'Tasks',
  summary: 'The system could not carry out its task, and why',
  description: taskClosing,
  scope: 'tasks:write',
  params: uuidPath,
  body: taskFailedBody,
  answer: { status: 200, description: 'The task, failed.', schema: taskAnswer },
  problems: ['validation', 'malformed', 'not-found', 'task-closed', 'idempotency-conflict'],
});

export const getConsentRecord = defineOperation({
  id: 'getConsentRecord',
  method: 'get',
  path: '/consents/{id}/record',
  tag: 'Consents',
  summary: 'The ISO/IEC TS 27560 consent record',
  description:
    "JSON-LD following the W3C DPV implementation guide (dct:conformsTo https://w3id.org/dpv/schema/dpv-27560#record), every past event with its hash-chained evidence; Law 94-V items with no 27560 field are kz: extensions. In the consent's language unless `locale` says. A view of the subject's data (Art. 8-2).",
  scope: 'consents:read',
  params: uuidPath,
  query: localeQuery,
  answer: { status: 200, description: 'The consent record.', schema: jsonLd },
  problems: ['not-found', 'validation'],
});

export const getPrivacyNotice = defineOperation({
  id: 'getPrivacyNotice',
  method: 'get',
  path: '/privacy-notice',
  tag: 'Privacy notice',
  summary: 'The privacy notice in force, as JSON-LD (W3C DPV)',
  description:
    'The approved version in force (Art. 24-25, ISO/IEC 29184): controller, purposes with their legal basis, data, recipients and retention, storage, rights. Its @id is the stable address of the version. Open to anyone: no token.',
  scope: null,
  query: localeQuery,
  answer: { status: 200, description: 'The notice.', schema: jsonLd },
  problems: ['not-found', 'validation'],
});

export const getOpenApi = defineOperation({
  id: 'getOpenApi',
  method: 'get',
  path: '/openapi.json',
  tag: 'Reference',
  summary: 'This document',
  description: 'The OpenAPI 3.1 description of the API, generated from the schemas the routes validate with.',
  scope: null,
  answer: { status: 200, description: 'The OpenAPI document.', schema: z.record(z.string(), z.unknown()) },
  problems: [],
});

export const operations = [
  putSubject,
  putItem,
  batchItems,
  listItems,
  postTransfer,
  listRequests,
  getRequest,
  listTasks,
  taskDone,
  taskFailed,
  getConsentRecord,
  getPrivacyNotice,
  getOpenApi,
];
