import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from '@playwright/test';
import { and, count, eq, isNull, ne, sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { sessions, staffFactors, users } from '@/db/schema/auth';
import { calendarDays, deadlinePolicies } from '@/db/schema/calendar';
import { importRuns } from '@/db/schema/imports';
import { destructionCandidates, incidentSubjects, incidents } from '@/db/schema/compliance';
import { consents } from '@/db/schema/consents';
import { apiTokens, executionTasks, webhookDeliveries, webhookEndpoints } from '@/db/schema/integrations';
import { inventoryChanges } from '@/db/schema/inventory';
import { letters } from '@/db/schema/letters';
import { operatorProfile } from '@/db/schema/operator';
import { requestRepresentatives } from '@/db/schema/representatives';
import { privacyNoticeVersions } from '@/db/schema/privacy-notice';
import { requestEvents, requests } from '@/db/schema/requests';
import { dataItems, subjects } from '@/db/schema/subjects';
import { transfers } from '@/db/schema/transfers';
import { can, type Permission } from '@/lib/auth/permissions';
import { createStaff, db, expect, messages, signInAs, test } from './fixtures';
import {
  callAction,
  forgedSessionContext,
  isSignInRedirect,
  kazakhstanLocal,
  matchesPattern,
  pdfFile,
  routeFilesOf,
  serverActions,
  type ActionAnswer,
  type Field,
} from './security';
import { createStaffWorld as createWorld, staffRoutes, type StaffWorld as World } from './staff-world';

/**
 * [SECURITY] PRODUCT.md "Who uses it", lib/auth/permissions.ts: every back-office page, download
 * and server action, tried by an anonymous visitor, a data subject and each staff role, answers
 * exactly as the permission table says. The table below only names the permission each page and
 * action needs; who has it comes from `can()`, so the permission table stays the one source.
 * - A page or download: 200 when allowed, the 403 page when not, the sign-in page for anonymous
 *   visitors (with no cookie, and with a forged one that gets past the proxy's cookie check).
 * - An action: refused the same way when not allowed, sent a form that would change something,
 *   and nothing changes (the rows it would write, and the audit trail by that person); when
 *   allowed, it is let through to the form's own checks (an empty form, refused as invalid, so the
 *   shared database is not changed under other tests).
 * A page, download or action that appears without an entry here fails the first test.
 */
const roles = ['anonymous', 'subject', 'agent', 'dpo', 'admin', 'auditor'] as const;
type Role = (typeof roles)[number];

/**
 * Each server action: who may call it (a permission, or the data subject), the page whose form
 * calls it, a form that would change something, and the rows that form would change.
 */
type ActionProbe = {
  permission: Permission | 'subject';
  page: (w: World) => string;
  valid: (w: World) => Field[];
  /** What `valid` would change, read from the database. */
  state: (w: World) => Promise<unknown>;
};

const requestPage = (w: World) => `/admin/requests/${w.request.id}`;
const versioned = (w: World): Field[] => [
  ['requestId', w.request.id],
  ['version', String(w.request.version)],
];
const requestState = (w: World) =>
  Promise.all([
    db
      .select({
        state: requests.state,
        version: requests.version,
        assigneeId: requests.assigneeId,
        dueAt: requests.dueAt,
        outcome: requests.outcome,
      })
      .from(requests)
      .where(eq(requests.id, w.request.id)),
    db.select({ n: count() }).from(requestEvents).where(eq(requestEvents.requestId, w.request.id)),
  ]);
const taskState = (id: string) =>
  db
    .select({ state: executionTasks.state, note: executionTasks.note, attempt: executionTasks.attempt })
    .from(executionTasks)
    .where(eq(executionTasks.id, id));
const subjectRequests = (w: World) =>
  db.select({ id: requests.id, state: requests.state }).from(requests).where(eq(requests.subjectId, w.subject.id));
const localized = (name: string, text: string): Field[] => [
  [`${name}Kk`, text],
  [`${name}Ru`, text],
  [`${name}En`, text],
];

/** A new inventory record's code for the probe (codes are latin letters, digits and _), and the draft rows it would make. */
const probeCode = (w: World) => `probe_${w.text.replace(/[^a-z0-9]/g, '')}`;
const draftedProbe = (w: World) =>
  db
    .select({ n: count() })
    .from(inventoryChanges)
    .where(sql`${inventoryChanges.payload}->>'code' = ${probeCode(w)}`);
const inventoryForm = (w: World, fields: Field[]): Field[] => [
  ['id', ''],
  ['code', probeCode(w)],
  ...localized('name', w.text),
  ...fields,
];

const staffActions: Record<string, ActionProbe> = {
  takeAction: { permission: 'requests.work', page: requestPage, valid: versioned, state: requestState },
  // Art. 10(2): the world's request was filed by a representative whose authority is unverified.
  confirmAuthorityAction: {
    permission: 'requests.work',
    page: requestPage,
    valid: versioned,
    state: (w) =>
      Promise.all([
        requestState(w),
        db
          .select({ authority: requestRepresentatives.authority })
          .from(requestRepresentatives)
          .where(eq(requestRepresentatives.requestId, w.request.id)),
      ]),
  },
  assignAction: {
    permission: 'requests.assign',
    page: requestPage,
    valid: (w) => [
      ['requestId', w.request.id],
      ['assigneeId', w.assignee.id],
    ],
    state: requestState,
  },
  messageAction: {
    permission: 'requests.work',
    page: requestPage,
    valid: (w) => [
      ['requestId', w.request.id],
      ['body', w.text],
    ],
    state: requestState,
  },
  noteAction: {
    permission: 'requests.work',
    page: requestPage,
    valid: (w) => [
      ['requestId', w.request.id],
      ['body', w.text],
    ],
    state: requestState,
  },
  requestInfoAction: {
    permission: 'requests.work',
    page: requestPage,
    valid: (w) => [...versioned(w), ['body', w.text]],
    state: requestState,
  },
  extendAction: {
    permission: 'deadlines.extend',
    page: requestPage,
    valid: (w) => [...versioned(w), ['workingDays', '3'], ['reason', w.text]],
    state: requestState,
  },
  executeAction: {
    permission: 'requests.work',
    page: requestPage,
    valid: (w) => [...versioned(w), ['outcome', w.text], ['decision', '']],
    state: requestState,
  },
  refuseAction: {
    permission: 'requests.work',
    page: requestPage,
    valid: (w) => [...versioned(w), ['reasonCode', 'other'], ['legalBasis', w.text], ['text', w.text]],
    state: requestState,
  },
  assignSelectedAction: {
    permission: 'requests.assign',
    page: () => '/admin/requests',
    valid: (w) => [
      ['requestIds', w.request.id],
      ['assigneeId', w.assignee.id],
    ],
    state: requestState,
  },
  registerIntakeAction: {
    permission: 'requests.intake',
    page: () => '/admin/requests/new',
    valid: (w) => [
      ['subjectId', w.subject.id],
      ['type', 'ACCESS'],
      ['channel', 'paper'],
      ['receivedAt', kazakhstanLocal(3_600_000)],
      ['description', w.text],
      ['files', pdfFile('letter.pdf')],
      ['idempotencyKey', randomUUID()],
    ],
    state: subjectRequests,
  },
  runRetentionAction: {
    permission: 'retention.confirm',
    page: () => '/admin/retention',
    valid: () => [],
    // The run lists and destroys data portal-wide, as the daily job does: other tests may run it
    // at any moment, so only the refusal and the caller's audit trail (below) can be checked.
    state: async () => null,
  },
  decideAction: {
    permission: 'retention.confirm',
    page: () => '/admin/retention',
    valid: (w) => [
      ['candidateId', w.candidate.id],
      ['decision', 'destroy'],
      ['keepReason', ''],
    ],
    state: (w) =>
      Promise.all([
        db.select().from(destructionCandidates).where(eq(destructionCandidates.id, w.candidate.id)),
        db.select({ state: dataItems.state }).from(dataItems).where(eq(dataItems.id, w.candidate.dataItemId)),
      ]),
  },
  saveStaffAction: {
    permission: 'staff.manage',
    page: () => '/admin/staff',
    valid: (w) => [
      ['email', `${w.text}@e2e.test`],
      ['name', w.text],
      ['role', 'dpo'],
    ],
    state: (w) =>
      db
        .select({ n: count() })
        .from(users)
        .where(eq(users.email, `${w.text}@e2e.test`)),
  },
  resetFactorAction: {
    permission: 'staff.manage',
    page: () => '/admin/staff',
    valid: (w) => [['userId', w.assignee.id]],
    state: (w) =>
      Promise.all([
        db.select({ id: staffFactors.id }).from(staffFactors).where(eq(staffFactors.userId, w.assignee.id)),
        db.select({ n: count() }).from(sessions).where(eq(sessions.userId, w.assignee.id)),
      ]),
  },
  endAllSessionsAction: {
    permission: 'backoffice.enter',
    page: () => '/admin/account',
    valid: () => [['scope', 'all']],
    // It ends the caller's own sessions, which other tests create at any moment: as for the
    // retention run, the refusal and the caller's empty audit trail are what is checked.
    state: async () => null,
  },
  toggleStaffAction: {
    permission: 'staff.manage',
    page: () => '/admin/staff',
    valid: (w) => [
      ['userId', w.assignee.id],
      ['disabled', '1'],
    ],
    state: (w) => db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, w.assignee.id)),
  },
  recordTransferAction: {
    permission: 'transfers.record',
    page: () => '/admin/transfers',
    valid: (w) => [
      ['subjectId', w.subject.id],
      ['recipientId', w.recipient.id],
      ['transferredAt', kazakhstanLocal(3_600_000)],
      ['items', w.items[0]!.id],
      ['basis', w.text],
      ['crossBorderBasis', ''],
    ],
    state: (w) => db.select({ n: count() }).from(transfers).where(eq(transfers.subjectId, w.subject.id)),
  },
  saveDayAction: {
    permission: 'calendar.manage',
    page: () => '/admin/calendar',
    valid: (w) => [
      ['day', '2031-06-03'],
      ['previousDay', ''],
      ['kind', 'day_off'],
      ...localized('name', w.text),
      ['source', w.text],
      ['isProvisional', ''],
    ],
    state: (w) => db.select({ n: count() }).from(calendarDays).where(eq(calendarDays.source, w.text)),
  },
  removeDayAction: {
    permission: 'calendar.manage',
    page: () => '/admin/calendar',
    // Independence Day 2027, from the seeded calendar (db/seed/calendar-kz.ts).
    valid: () => [['day', '2027-12-16']],
    state: () => db.select({ n: count() }).from(calendarDays).where(eq(calendarDays.day, '2027-12-16')),
  },
  savePolicyAction: {
    permission: 'calendar.manage',
    page: () => '/admin/policies',
    valid: (w) => [['code', 'ACCESS'], ['workingDays', '1'], ['maxExtension', '0'], ...localized('citation', w.text)],
    state: () => db.select().from(deadlinePolicies).where(eq(deadlinePolicies.code, 'ACCESS')),
  },
  recordIncidentAction: {
    permission: 'incidents.manage',
    page: () => '/admin/incidents',
    valid: (w) => [
      ['discoveredAt', kazakhstanLocal(3_600_000)],
      ['description', w.text],
      ['descriptionRu', w.text],
      ['measures', w.text],
      ['measuresRu', w.text],
      ['subjects', w.subject.email],
    ],
    state: (w) => db.select({ n: count() }).from(incidents).where(eq(incidents.description, w.text)),
  },
  addIncidentSubjectsAction: {
    permission: 'incidents.manage',
    page: (w) => `/admin/incidents/${w.incident.id}`,
    valid: (w) => [
      ['incidentId', w.incident.id],
      ['subjects', w.subject.email],
    ],
    state: (w) => db.select().from(incidentSubjects).where(eq(incidentSubjects.incidentId, w.incident.id)),
  },
  publishNoticeAction: {
    permission: 'notice.publish',
    page: () => '/admin/policies',
    valid: () => [['confirm', 'on']],
    state: () => db.select({ n: count() }).from(privacyNoticeVersions),
  },
  markNotifiedAction: {
    permission: 'incidents.manage',
    page: (w) => `/admin/incidents/${w.incident.id}`,
    valid: (w) => [['incidentId', w.incident.id]],
    state: (w) => db.select().from(incidents).where(eq(incidents.id, w.incident.id)),
  },
  notifySubjectsAction: {
    permission: 'incidents.manage',
    page: (w) => `/admin/incidents/${w.incident.id}`,
    valid: (w) => [['incidentId', w.incident.id]],
    state: (w) => db.select().from(incidents).where(eq(incidents.id, w.incident.id)),
  },
  startImportAction: {
    permission: 'import.run',
    page: (w) => `/admin/import/${w.importRun.id}`,
    valid: (w) => [['runId', w.importRun.id]],
    state: (w) => db.select({ state: importRuns.state }).from(importRuns).where(eq(importRuns.id, w.importRun.id)),
  },
  cancelImportAction: {
    permission: 'import.run',
    page: (w) => `/admin/import/${w.importRun.id}`,
    valid: (w) => [['runId', w.importRun.id]],
    state: (w) => db.select({ state: importRuns.state }).from(importRuns).where(eq(importRuns.id, w.importRun.id)),
  },
  saveCategoryAction: {
    permission: 'inventory.manage',
    page: () => '/admin/inventory/category/new',
    valid: (w) =>
      inventoryForm(w, [...localized('description', w.text), ['accessLevel', 'public'], ['sortOrder', '0']]),
    state: draftedProbe,
  },
  savePurposeAction: {
    permission: 'inventory.manage',
    page: () => '/admin/inventory/purpose/new',
    valid: (w) =>
      inventoryForm(w, [
        ...localized('description', w.text),
        ['legalBasis', 'consent'],
        ['art9Point', ''],
        ...localized('legalBasisCitation', ''),
        ['retentionKind', 'until_purpose_achieved'],
        ['retentionMonths', ''],
        ['retentionFrom', ''],
        ...localized('retentionDescription', w.text),
        ...localized('automatedLogic', ''),
        ['withdrawalEffect', 'block'],
        ['sortOrder', '0'],
        ['categories', w.items[0]!.categoryId],
        ['recipients', w.recipient.id],
      ]),
    state: draftedProbe,
  },
  saveRecipientAction: {
    permission: 'inventory.manage',
    page: () => '/admin/inventory/recipient/new',
    valid: (w) =>
      inventoryForm(w, [
        ['bin', ''],
        ['kind', 'third_party'],
        ['country', 'KZ'],
        ['crossBorderBasis', ''],
      ]),
    state: draftedProbe,
  },
  saveSystemAction: {
    permission: 'inventory.manage',
    page: () => '/admin/inventory/system/new',
    valid: (w) =>
      inventoryForm(w, [
        ...localized('ownerDepartment', w.text),
        ['country', 'KZ'],
        ...localized('storageLocation', w.text),
        ['execution', 'api'],
        ['responsibleId', ''],
        ['sortOrder', '0'],
        ['categories', w.items[0]!.categoryId],
      ]),
    state: draftedProbe,
  },
  retireRecordAction: {
    permission: 'inventory.manage',
    page: (w) => `/admin/inventory/purpose/${w.showcase.id}`,
    valid: (w) => [
      ['entity', 'purpose'],
      ['id', w.showcase.id],
    ],
    state: (w) =>
      db
        .select({ n: count() })
        .from(inventoryChanges)
        .where(and(eq(inventoryChanges.entityId, w.showcase.id), isNull(inventoryChanges.version))),
  },
  // The draft is shared: a pending change made for the probe could be approved by
  // e2e/inventory.spec.ts meanwhile. These two are judged by the refusal and by the caller's
  // audit trail, which a discarded edit or an approval would add to.
  discardChangeAction: {
    permission: 'inventory.manage',
    page: () => '/admin/inventory/draft',
    valid: () => [['change', randomUUID()]],
    state: async () => null,
  },
  approveDraftAction: {
    permission: 'notice.publish',
    page: () => '/admin/inventory/draft',
    valid: () => [['confirm', 'on']],
    state: async () => null,
  },
  // lib/tasks: the world's request has an open task and a failed one in the HR system (by a person).
  closeTaskAction: {
    permission: 'tasks.work',
    page: (w) => `/admin/tasks/${w.openTask.id}`,
    valid: (w) => [
      ['taskId', w.openTask.id],
      ['outcome', 'done'],
      ['note', w.text],
    ],
    state: (w) => taskState(w.openTask.id),
  },
  sendTaskAgainAction: {
    permission: 'requests.work',
    page: requestPage,
    valid: (w) => [
      ['requestId', w.request.id],
      ['taskId', w.failedTask.id],
    ],
    state: (w) => taskState(w.failedTask.id),
  },
  markTaskByHandAction: {
    permission: 'requests.work',
    page: requestPage,
    valid: (w) => [
      ['requestId', w.request.id],
      ['taskId', w.failedTask.id],
      ['note', w.text],
    ],
    state: (w) => taskState(w.failedTask.id),
  },
  markLetterPostedAction: {
    permission: 'letters.post',
    page: () => '/admin/letters',
    valid: (w) => [['letterId', w.letter.id]],
    state: (w) => db.select({ postedAt: letters.postedAt }).from(letters).where(eq(letters.id, w.letter.id)),
  },
  createTokenAction: {
    permission: 'integrations.manage',
    page: () => '/admin/api',
    valid: (w) => [
      ['name', w.text],
      ['system', 'crm'],
      ['scopes', 'requests:read'],
      ['days', '30'],
    ],
    state: (w) => db.select({ n: count() }).from(apiTokens).where(eq(apiTokens.name, w.text)),
  },
  revokeTokenAction: {
    permission: 'integrations.manage',
    page: () => '/admin/api',
    valid: (w) => [['tokenId', w.apiToken.id]],
    state: (w) => db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, w.apiToken.id)),
  },
  createEndpointAction: {
    permission: 'integrations.manage',
    page: () => '/admin/webhooks',
    valid: (w) => [
      ['systemId', w.webhook.systemId],
      ['url', 'https://probe.example.kz/hooks'],
      ['description', w.text],
      ['eventTypes', 'request.registered'],
    ],
    state: (w) => db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.description, w.text)),
  },
  updateEndpointAction: {
    permission: 'integrations.manage',
    page: (w) => `/admin/webhooks/${w.webhook.id}`,
    valid: (w) => [
      ['endpointId', w.webhook.id],
      ['url', 'https://probe.example.kz/changed'],
      ['description', w.text],
      ['eventTypes', 'consent.withdrawn'],
    ],
    state: (w) => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, w.webhook.id)),
  },
  rotateSecretAction: {
    permission: 'integrations.manage',
    page: (w) => `/admin/webhooks/${w.webhook.id}`,
    valid: (w) => [['endpointId', w.webhook.id]],
    state: (w) =>
      db
        .select({ secret: webhookEndpoints.secretEncrypted })
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, w.webhook.id)),
  },
  setEndpointEnabledAction: {
    permission: 'integrations.manage',
    page: (w) => `/admin/webhooks/${w.webhook.id}`,
    valid: (w) => [
      ['endpointId', w.webhook.id],
      ['enabled', '1'],
    ],
    state: (w) =>
      db
        .select({ enabled: webhookEndpoints.enabled })
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, w.webhook.id)),
  },
  redeliverAction: {
    permission: 'integrations.manage',
    page: (w) => `/admin/webhooks/${w.webhook.id}`,
    valid: (w) => [
      ['endpointId', w.webhook.id],
      ['deliveryId', String(w.webhook.deliveryId)],
    ],
    state: (w) =>
      db
        .select({ state: webhookDeliveries.state, attempts: webhookDeliveries.attempts })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, w.webhook.deliveryId)),
  },
  saveOperatorAction: {
    permission: 'inventory.manage',
    page: () => '/admin/operator',
    valid: (w) => {
      const o = w.operator;
      return [
        ...localized('name', w.text),
        ['bin', o.bin],
        ['addressKk', o.address.kk],
        ['addressRu', o.address.ru],
        ['addressEn', o.address.en],
        ['email', o.email],
        ['phone', o.phone],
        ['website', o.website ?? ''],
        ['responsibleName', o.responsibleName],
        ['responsiblePositionKk', o.responsiblePosition.kk],
        ['responsiblePositionRu', o.responsiblePosition.ru],
        ['responsiblePositionEn', o.responsiblePosition.en],
        ['responsibleEmail', o.responsibleEmail],
        ['responsiblePhone', o.responsiblePhone],
        ['storageLocationKk', o.storageLocation.kk],
        ['storageLocationRu', o.storageLocation.ru],
        ['storageLocationEn', o.storageLocation.en],
        ['storageCountry', o.storageCountry],
        ['autoDestroyExpired', ''],
      ];
    },
    state: (w) =>
      db
        .select({ n: count() })
        .from(operatorProfile)
        .where(sql`${operatorProfile.name}->>'en' = ${w.text}`),
  },
};

/** The data subject's own actions (security-idor.spec.ts tries them with another subject's ids). */
const subjectActions: Record<string, ActionProbe> = {
  setActivityEmailsAction: {
    permission: 'subject',
    page: () => '/me/activity',
    valid: () => [['notify', 'off']],
    state: (w) => db.select({ on: subjects.notifyActivity }).from(subjects).where(eq(subjects.id, w.subject.id)),
  },
  setLanguageAction: {
    permission: 'subject',
    page: () => '/me/account',
    valid: () => [['locale', 'ru']],
    state: (w) => db.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.id, w.subject.id)),
  },
  withdrawConsentAction: {
    permission: 'subject',
    page: () => '/me/consents',
    valid: (w) => [
      ['consentId', w.consent.id],
      ['idempotencyKey', randomUUID()],
    ],
    state: (w) =>
      Promise.all([
        db.select({ state: consents.state }).from(consents).where(eq(consents.subjectId, w.subject.id)),
        subjectRequests(w),
      ]),
  },
  decidePublicationAction: {
    permission: 'subject',
    page: () => '/me/consents',
    valid: (w) => [
      ['purposeId', w.showcase.id],
      ['decision', 'give'],
      ['confirm', 'yes'],
    ],
    state: (w) => db.select({ id: consents.id }).from(consents).where(eq(consents.subjectId, w.subject.id)),
  },
  // Art. 8(4): the world's consent is flagged for re-consent, so a form let through would change it.
  acceptWidenedConsentAction: {
    permission: 'subject',
    page: () => '/me/consents',
    valid: (w) => [
      ['consentId', w.consent.id],
      ['confirm', 'yes'],
    ],
    state: (w) =>
      db
        .select({ state: consents.state, reconsentVersion: consents.reconsentVersion })
        .from(consents)
        .where(eq(consents.subjectId, w.subject.id)),
  },
  cancelRequestAction: {
    permission: 'subject',
    page: (w) => `/me/requests/${w.request.id}`,
    valid: versioned,
    state: requestState,
  },
  sendMessageAction: {
    permission: 'subject',
    page: (w) => `/me/requests/${w.request.id}`,
    valid: (w) => [
      ['requestId', w.request.id],
      ['body', w.text],
    ],
    state: requestState,
  },
  // Art. 24: the representative's own answers on a request they filed (lib/requests/subject-actions.ts).
  cancelRepresentedAction: {
    permission: 'subject',
    page: (w) => `/me/representation/${w.request.id}`,
    valid: versioned,
    state: requestState,
  },
  messageRepresentedAction: {
    permission: 'subject',
    page: (w) => `/me/representation/${w.request.id}`,
    valid: (w) => [
      ['requestId', w.request.id],
      ['body', w.text],
    ],
    state: requestState,
  },
  fileOnBehalfAction: {
    permission: 'subject',
    page: () => '/me/representation/new',
    valid: (w) => [
      ['representativeName', 'Representing Person'],
      ['fullName', 'Represented Person'],
      ['iin', w.representedIin],
      ['relationship', 'parent'],
      ['idempotencyKey', randomUUID()],
      ['files', pdfFile('birth-certificate.pdf')],
    ],
    state: (w) =>
      db
        .select({ id: requestRepresentatives.requestId })
        .from(requestRepresentatives)
        .where(eq(requestRepresentatives.representativeSubjectId, w.subject.id)),
  },
  fileRequestAction: {
    permission: 'subject',
    page: () => '/me/requests/new/access',
    valid: () => [
      ['type', 'ACCESS'],
      ['idempotencyKey', randomUUID()],
      ['description', ''],
    ],
    state: subjectRequests,
  },
};

/**
 * Anyone may ask for a sign-in link or sign out: nothing to refuse. The second factor is the
 * sign-in's second step, for whoever holds a session (lib/auth/second-factor.ts checks it is staff).
 */
const publicActions = [
  'requestSignInLink',
  'signOutAction',
  'secondFactorAction',
  'passkeyOptionsAction',
  'passkeyFinishAction',
];

const probes: Record<string, ActionProbe> = { ...staffActions, ...subjectActions };

function isAllowed(role: Role, permission: Permission | 'subject'): boolean {
  if (role === 'anonymous') return false;
  return permission === 'subject' ? role === 'subject' : can(role, permission);
}

/** The browser contexts a role's probes go out from; anonymous visitors come with and without a forged cookie. */
async function contextsOf(role: Role, browser: Browser, world: World): Promise<BrowserContext[]> {
  if (role === 'anonymous') return [await browser.newContext(), await forgedSessionContext(browser)];
  if (role === 'subject') return [world.subjectContext];
  const context = await browser.newContext();
  await signInAs(await context.newPage(), (await createStaff(role)).id);
  return [context];
}

const forbiddenTitle = messages.en.errors.forbiddenTitle;
const forbiddenAction = messages.en.backoffice.request.errors.forbidden;

test.describe('[SECURITY] PRODUCT.md, lib/auth/permissions.ts: the back office for every role', () => {
  test('[SECURITY] every back-office page, download and server action has an entry in the role matrix', () => {
    const routes = routeFilesOf('(operator)').map((r) => r.pattern);
    expect(
      routes.filter((pattern) => !staffRoutes[pattern]),
      'pages and downloads without an entry',
    ).toEqual([]);
    expect(
      Object.keys(staffRoutes).filter((pattern) => !routes.includes(pattern)),
      'entries with no page',
    ).toEqual([]);
    const actions = serverActions();
    const unlisted = actions.filter((a) => !probes[a.name] && !publicActions.includes(a.name));
    expect(
      unlisted.map((a) => `${a.file}#${a.name}`),
      'server actions without an entry',
    ).toEqual([]);
    expect(Object.keys(probes).filter((name) => !actions.some((a) => a.name === name))).toEqual([]);
    // The staff actions are the ones defined under (operator), the subject's under (subject).
    for (const action of actions.filter((a) => probes[a.name])) {
      const zone = probes[action.name]!.permission === 'subject' ? '(subject)' : '(operator)';
      expect(action.file, action.name).toContain(`app/[locale]/${zone}/`);
    }
  });

  for (const role of roles) {
    test(`[SECURITY] the ${role} reaches exactly what the permission table gives: every page, download and action`, async ({
      browser,
    }) => {
      test.setTimeout(90_000);
      const world = await createWorld(browser);
      const contexts = await contextsOf(role, browser, world);
      const wrong: string[] = [];
      let pageProbes = 0;
      let actionProbes = 0;

      for (const [pattern, { permission, url }] of Object.entries(staffRoutes)) {
        const path = `/en${url(world)}`;
        const allowed = isAllowed(role, permission);
        for (const context of contexts) {
          pageProbes++;
          const response = await context.request.get(path, { maxRedirects: 0 });
          const status = response.status();
          const location = response.headers().location;
          const body = status === 403 && routeKind(pattern) === 'page' ? await response.text() : '';
          const ok =
            role === 'anonymous'
              ? status === 307 && isSignInRedirect(location)
              : allowed
                ? status === 200
                : status === 403 && (routeKind(pattern) === 'route' || body.includes(forbiddenTitle));
          if (!ok) wrong.push(`${pattern} (${permission}): ${status} ${location ?? ''}`);
        }
      }

      const actions = serverActions();
      for (const [name, probe] of Object.entries(probes)) {
        const action = actions.find((a) => a.name === name)!;
        const page = probe.page(world);
        expect(
          action.pages.some((p) => matchesPattern(page, p)),
          `${name} is sent from ${page}`,
        ).toBe(true);
        const allowed = isAllowed(role, probe.permission);
        for (const context of contexts) {
          actionProbes++;
          // Allowed: an empty form, which the action's own checks refuse. Not allowed: a form that
          // would change the data, and nothing may change.
          const before = allowed ? null : await snapshot(probe, world, context);
          const answer = await callAction(context.request, `/en${page}`, action, allowed ? [] : probe.valid(world));
          const verdict = allowed ? judgeAllowed(name, answer) : judgeDenied(role, answer);
          if (verdict) wrong.push(`${name} (${probe.permission}): ${verdict}`);
          if (before !== null) {
            const after = await snapshot(probe, world, context);
            if (after !== before) wrong.push(`${name} (${probe.permission}): changed ${before} → ${after}`);
          }
        }
      }

      for (const context of new Set([...contexts, world.subjectContext])) await context.close();
      console.log(
        `[FIGURES] roles, ${role}: ${wrong.length} answers differ from the permission table in ${pageProbes} page and download probes and ${actionProbes} server action probes`,
      );
      expect(wrong).toEqual([]);
    });
  }
});

const routeKind = (pattern: string) => routeFilesOf('(operator)').find((r) => r.pattern === pattern)?.kind;

function judgeAllowed(name: string, answer: ActionAnswer): string | null {
  if (answer.status !== 200 || !answer.result) return `allowed, but answered ${answer.status} ${answer.redirect ?? ''}`;
  if (answer.result.message === forbiddenAction) return 'allowed, but refused as forbidden';
  // The retention run takes no form: allowed, it runs (as the daily job does).
  const expected = name === 'runRetentionAction' ? 'success' : 'error';
  return answer.result.status === expected ? null : `allowed: an empty form answered ${JSON.stringify(answer.result)}`;
}

function judgeDenied(role: Role, answer: ActionAnswer): string | null {
  if (role === 'anonymous')
    return isSignInRedirect(answer.redirect) ? null : `anonymous, answered ${answer.status} ${answer.redirect ?? ''}`;
  return answer.status === 403 ? null : `refused, but answered ${answer.status} ${JSON.stringify(answer.result)}`;
}

/**
 * What the probe's form would change, and the audit trail written by whoever sent it. Views are
 * left out: answering a refused action re-renders the page it was sent from, and a role that may
 * read the request is recorded as viewing it again (Art. 8-2), which changes nothing.
 */
async function snapshot(probe: ActionProbe, world: World, context: BrowserContext): Promise<string> {
  const token = (await context.cookies()).find((c) => c.name === 'authjs.session-token')?.value;
  const [actor] = token
    ? await db.execute<{ user_id: string }>(sql`select user_id from sessions where session_token = ${token}`)
    : [];
  const [audit] = actor
    ? await db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, actor.user_id), ne(auditEvents.action, 'data_viewed')))
    : [{ n: 0 }];
  return JSON.stringify([await probe.state(world), audit]);
}
