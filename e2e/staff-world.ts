import { randomUUID } from 'node:crypto';
import type { Browser } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { importRuns } from '@/db/schema/imports';
import { destructionCandidates, incidentSubjects, incidents } from '@/db/schema/compliance';
import { consents } from '@/db/schema/consents';
import { domainEvents } from '@/db/schema/events';
import {
  apiTokens,
  executionTaskItems,
  executionTasks,
  webhookDeliveries,
  webhookEndpoints,
} from '@/db/schema/integrations';
import { generateApiToken } from '@/lib/api/tokens';
import { purposes, recipients, systems } from '@/db/schema/inventory';
import { letters } from '@/db/schema/letters';
import { operatorProfile } from '@/db/schema/operator';
import { requestRepresentatives } from '@/db/schema/representatives';
import { attachments, requests } from '@/db/schema/requests';
import { dataItems } from '@/db/schema/subjects';
import type { Permission } from '@/lib/auth/permissions';
import { createStaff, createSubject, db, expect, giveIin, signInAsSubject } from './fixtures';
import { actionNamed, callAction, marker, pdfFile } from './security';

/**
 * The back office's pages and downloads, and the world they are opened on: what the role matrix
 * (security-roles.spec.ts) tries for every role and the accessibility sweep (accessibility.spec.ts)
 * opens for each staff role. A new page under (operator) fails the role matrix until it is here.
 */
/** What the probes act on: a subject with a request and its document, a breach, a destruction candidate… */
export type StaffWorld = Awaited<ReturnType<typeof createStaffWorld>>;

/** Each back-office page and download, with the permission it requires (its requireStaff call). */
export const staffRoutes: Record<string, { permission: Permission; url: (w: StaffWorld) => string }> = {
  '/admin': { permission: 'backoffice.enter', url: () => '/admin' },
  '/admin/audit': { permission: 'audit.view', url: () => '/admin/audit' },
  '/admin/audit/export': { permission: 'audit.view', url: (w) => `/admin/audit/export?subject=${w.subject.email}` },
  '/admin/calendar': { permission: 'calendar.manage', url: () => '/admin/calendar' },
  '/admin/consents/[id]/record': { permission: 'requests.view', url: (w) => `/admin/consents/${w.consent.id}/record` },
  '/admin/dashboard': { permission: 'reports.view', url: () => '/admin/dashboard' },
  '/admin/import': { permission: 'import.run', url: () => '/admin/import' },
  '/admin/import/[id]': { permission: 'import.run', url: (w) => `/admin/import/${w.importRun.id}` },
  '/admin/import/[id]/rejected': { permission: 'import.run', url: (w) => `/admin/import/${w.importRun.id}/rejected` },
  '/admin/import/[id]/status': { permission: 'import.run', url: (w) => `/admin/import/${w.importRun.id}/status` },
  '/admin/incidents': { permission: 'incidents.view', url: () => '/admin/incidents' },
  '/admin/incidents/[id]': { permission: 'incidents.view', url: (w) => `/admin/incidents/${w.incident.id}` },
  '/admin/incidents/[id]/notice/[lang]': {
    permission: 'incidents.view',
    url: (w) => `/admin/incidents/${w.incident.id}/notice/ru`,
  },
  '/admin/inventory': { permission: 'inventory.view', url: () => '/admin/inventory' },
  '/admin/inventory/[entity]/[id]': { permission: 'inventory.manage', url: () => '/admin/inventory/category/new' },
  '/admin/inventory/draft': { permission: 'inventory.view', url: () => '/admin/inventory/draft' },
  '/admin/inventory/versions': { permission: 'inventory.view', url: () => '/admin/inventory/versions' },
  '/admin/letters': { permission: 'letters.view', url: () => '/admin/letters' },
  '/admin/letters/[id]/pdf': { permission: 'letters.view', url: (w) => `/admin/letters/${w.letter.id}/pdf` },
  '/admin/operator': { permission: 'inventory.manage', url: () => '/admin/operator' },
  '/admin/policies': { permission: 'calendar.manage', url: () => '/admin/policies' },
  '/admin/requests': { permission: 'requests.view', url: () => '/admin/requests' },
  '/admin/requests/[id]': { permission: 'requests.view', url: (w) => `/admin/requests/${w.request.id}` },
  '/admin/requests/[id]/attachments/[attachmentId]': {
    permission: 'requests.view',
    url: (w) => `/admin/requests/${w.request.id}/attachments/${w.attachment.id}`,
  },
  '/admin/requests/export': { permission: 'requests.view', url: () => '/admin/requests/export?type=ACCESS' },
  '/admin/requests/export/names': {
    permission: 'requests.export_names',
    url: (w) => `/admin/requests/export/names?q=${encodeURIComponent(w.subject.email)}`,
  },
  '/admin/requests/new': { permission: 'requests.intake', url: () => '/admin/requests/new' },
  '/admin/retention': { permission: 'retention.view', url: () => '/admin/retention' },
  '/admin/staff': { permission: 'staff.manage', url: () => '/admin/staff' },
  '/admin/account': { permission: 'backoffice.enter', url: () => '/admin/account' },
  '/admin/transfers': { permission: 'transfers.view', url: () => '/admin/transfers' },
  '/admin/tasks': { permission: 'requests.view', url: () => '/admin/tasks' },
  '/admin/tasks/[id]': { permission: 'tasks.work', url: (w) => `/admin/tasks/${w.openTask.id}` },
  '/admin/api': { permission: 'integrations.view', url: () => '/admin/api' },
  '/admin/webhooks': { permission: 'integrations.view', url: () => '/admin/webhooks' },
  '/admin/webhooks/[id]': { permission: 'integrations.view', url: (w) => `/admin/webhooks/${w.webhook.id}` },
};

export async function createStaffWorld(browser: Browser) {
  const subject = await createSubject({ consents: [{ purpose: 'newsletter' }] });
  const subjectContext = await browser.newContext();
  const subjectPage = await subjectContext.newPage();
  await signInAsSubject(subjectPage, subject);
  // The subject files a request with a document, as anyone does (the probes act on it).
  const filed = await callAction(subjectPage.request, '/en/me/requests/new/access', actionNamed('fileRequestAction'), [
    ['type', 'ACCESS'],
    ['idempotencyKey', randomUUID()],
    ['description', 'Please send me everything you hold.'],
    ['files', pdfFile('passport.pdf')],
  ]);
  expect(filed.redirect, 'the subject files a request').toMatch(/\/me\/requests\/[0-9a-f-]{36}\?filed=1/);
  const [request] = await db.select().from(requests).where(eq(requests.subjectId, subject.id));
  const [attachment] = await db.select().from(attachments).where(eq(attachments.requestId, request!.id));
  // As if a parent had filed it: confirmAuthorityAction has an unverified authority to confirm.
  await db
    .insert(requestRepresentatives)
    .values({ requestId: request!.id, fullName: 'E2E Parent', relationship: 'parent' });
  const [consent] = await db.select().from(consents).where(eq(consents.subjectId, subject.id));
  await db.update(consents).set({ reconsentVersion: 1 }).where(eq(consents.id, consent!.id));
  const items = await db.select().from(dataItems).where(eq(dataItems.subjectId, subject.id));
  const assignee = await createStaff('agent');
  const [incident] = await db
    .insert(incidents)
    .values({
      discoveredAt: new Date(Date.now() - 3_600_000),
      description: 'E2E breach for the role matrix',
      measures: 'Passwords rotated',
      authorityDueAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  await db.insert(incidentSubjects).values({ incidentId: incident!.id, subjectId: subject.id });
  const [candidate] = await db
    .insert(destructionCandidates)
    .values({ dataItemId: items.at(-1)!.id, subjectId: subject.id, reason: 'no_purpose' })
    .returning();
  const [recipient] = await db.select().from(recipients).where(eq(recipients.code, 'smart_pay'));
  const [showcase] = await db.select().from(purposes).where(eq(purposes.code, 'graduate_showcase'));
  const [operator] = await db.select().from(operatorProfile);
  // A letter to post, as if the subject had no e-mail address (lib/mail/subject-email.ts).
  const [letter] = await db
    .insert(letters)
    .values({
      subjectId: subject.id,
      kind: 'request_filed',
      requestId: request!.id,
      locale: 'kk',
      recipientName: 'E2E',
      postalAddress: 'Астана',
      title: 'E2E',
      body: 'E2E',
    })
    .returning();
  // A checked import waiting to be started, with a rejected row to download (app/[locale]/(operator)/admin/import).
  const [importRun] = await db
    .insert(importRuns)
    .values({
      kind: 'subjects',
      fileName: 'role-probe.csv',
      format: 'csv',
      state: 'checked',
      createdById: assignee.id,
      report: {
        encoding: 'utf-8',
        rows: 1,
        counts: { new: 0, update: 0, same: 0, conflict: 0, rejected: 1 },
        rejected: [{ line: 2, reason: 'iin', cells: { external_id: 'E2E-ROLE', iin: '123' } }],
        conflicts: [],
      },
    })
    .returning();
  // Tasks of the HR system (by a person) for the request: one open, one failed (lib/tasks).
  const [hr] = await db.select().from(systems).where(eq(systems.code, 'hr'));
  const [openTask, failedTask] = await db
    .insert(executionTasks)
    .values([
      { requestId: request!.id, systemId: hr!.id, action: 'rectify', assigneeId: hr!.responsibleId },
      {
        requestId: request!.id,
        systemId: hr!.id,
        action: 'destroy',
        state: 'failed',
        note: 'Record locked',
        closedAt: new Date(),
      },
    ])
    .returning();
  await db.insert(executionTaskItems).values(
    [openTask!, failedTask!].map((task) => ({
      taskId: task.id,
      dataItemId: items[0]!.id,
      categoryId: items[0]!.categoryId,
    })),
  );
  // A switched-off endpoint of the crm system with a failed delivery (app/[locale]/(operator)/admin/webhooks):
  // off, so no worker ever sends anything to it.
  const [crm] = await db.select({ id: systems.id }).from(systems).where(eq(systems.code, 'crm'));
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({
      systemId: crm!.id,
      url: 'https://role-probe.example.kz/hooks',
      eventTypes: ['request.registered'],
      secretEncrypted: 'v1:role:probe:never-used',
      enabled: false,
    })
    .returning();
  const [event] = await db
    .insert(domainEvents)
    .values({ type: 'consent.expired', version: 1, payload: { consentId: consent!.id } })
    .returning({ id: domainEvents.id });
  const [delivery] = await db
    .insert(webhookDeliveries)
    .values({
      endpointId: endpoint!.id,
      eventId: event!.id,
      messageId: `msg_role_${randomUUID()}`,
      state: 'failed',
      attempts: 12,
    })
    .returning({ id: webhookDeliveries.id });
  // An API token of the crm system to revoke (app/[locale]/(operator)/admin/api).
  const [apiToken] = await db
    .insert(apiTokens)
    .values({
      name: `role-probe-${randomUUID()}`,
      systemId: crm!.id,
      scopes: ['requests:read'],
      ...(({ hash, prefix }) => ({ tokenHash: hash, prefix }))(generateApiToken()),
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning({ id: apiTokens.id });
  return {
    apiToken: apiToken!,
    webhook: { id: endpoint!.id, systemId: crm!.id, deliveryId: delivery!.id },
    subject,
    subjectContext,
    request: request!,
    openTask: openTask!,
    failedTask: failedTask!,
    importRun: importRun!,
    attachment: attachment!,
    consent: consent!,
    items,
    assignee,
    incident: incident!,
    candidate: candidate!,
    recipient: recipient!,
    showcase: showcase!,
    operator: operator!,
    letter: letter!,
    text: marker('role-probe'),
    representedIin: await giveIin(),
  };
}
