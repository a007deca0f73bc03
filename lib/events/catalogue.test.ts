import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { consentPurposes, consents } from '@/db/schema/consents';
import { domainEvents } from '@/db/schema/events';
import { purposes, recipients } from '@/db/schema/inventory';
import { outgoingEmails } from '@/db/schema/mail';
import { requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import {
  allowExtensionAsAdministrativeBody,
  createSeededTestDatabase,
  createSubjectWithItems,
  type TestDatabase,
} from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { executeRequest, refuseRequest } from '@/lib/backoffice/execute';
import { extendDeadline, postStaffMessage, requestInformation } from '@/lib/backoffice/work';
import { notifyIncidentSubjects, recordIncident } from '@/lib/incidents/record';
import { confirmAuthority } from '@/lib/backoffice/authority';
import { fileOnBehalf } from '@/lib/requests/on-behalf';
import { fileSubjectRequest, type SubjectRequestInput } from '@/lib/requests/subject-requests';
import { runRetention } from '@/lib/retention/run';
import { closeTask } from '@/lib/tasks/close';
import { systemCloser } from '@/lib/tasks/testing';
import { recordTransfer } from '@/lib/transfers/record';
import { executionTasks } from '@/db/schema/integrations';
import { eventCatalogue, type EventType } from './catalogue';

/**
 * The event catalogue is the public contract the API and webhooks will expose. Every event the
 * portal records must match its documented schema, and every documented event must be one the
 * portal really records.
 */
let t: TestDatabase;
let agent: Staff;
let dpo: Staff;
before(async () => {
  t = await createSeededTestDatabase();
  const staffOf = async (role: 'agent' | 'dpo') => {
    const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, role)).limit(1);
    return { id: user!.id, role };
  };
  [agent, dpo] = [await staffOf('agent'), await staffOf('dpo')];
});
after(() => t.drop());

const version = async (id: string) =>
  (await t.db.select({ v: requests.version }).from(requests).where(eq(requests.id, id)))[0]!.v;
const file = (subjectId: string, request: SubjectRequestInput) =>
  t.db.transaction((tx) =>
    fileSubjectRequest(tx, {
      subjectId,
      actor: { id: null, role: 'subject' },
      request,
      uploads: [],
      idempotencyKey: null,
    }),
  );

async function consentFor(subjectId: string, purposeCode: string, validUntil: Date | null) {
  const [purpose] = await t.db.select().from(purposes).where(eq(purposes.code, purposeCode));
  const [consent] = await t.db
    .insert(consents)
    .values({
      subjectId,
      operatorName: { kk: 'a', ru: 'a', en: 'a' },
      operatorBin: '180340012346',
      subjectName: 'x',
      validFrom: new Date(Date.now() - 1e7),
      validUntil,
      thirdPartyTransfer: true,
      crossBorderTransfer: false,
      publicSources: false,
      notifyOnTransfer: true,
      channel: 'portal',
      evidenceText: 'x',
      evidenceSha256: 'c'.repeat(64),
      givenAt: new Date(Date.now() - 1e7),
    })
    .returning();
  await t.db.insert(consentPurposes).values({ consentId: consent!.id, purposeId: purpose!.id });
  return consent!;
}

describe('[EVENTS] the domain events are a public contract', () => {
  test('[EVENTS] each documented event has a name, a version, a description and a closed payload schema', () => {
    for (const [type, definition] of Object.entries(eventCatalogue)) {
      assert.match(type, /^[a-z_]+\.[a-z_]+$/);
      assert.ok(Number.isInteger(definition.version) && definition.version >= 1, type);
      assert.ok(definition.description.length > 20, type);
      // A payload cannot quietly carry more than is documented.
      assert.equal(definition.payload.safeParse({ unexpected: true }).success, false, type);
    }
  });

  test('[EVENTS] every event the portal records matches its documented schema, and every documented event is recorded', async () => {
    const { subject, items } = await createSubjectWithItems(t.db, {
      locale: 'kk',
      categories: ['full_name', 'email', 'education'],
    });
    // request.registered, message_posted, information_requested, extended, executed (ACCESS)
    await allowExtensionAsAdministrativeBody(t.db, 'ACCESS', 5);
    const access = await file(subject.id, { type: 'ACCESS', description: null });
    await t.db.transaction((tx) => postStaffMessage(tx, agent, { requestId: access.id, body: 'Жұмыстамыз.' }));
    await t.db.transaction(async (tx) =>
      requestInformation(tx, agent, {
        requestId: access.id,
        version: await version(access.id),
        body: 'Құжат жіберіңіз.',
      }),
    );
    await t.db.transaction(async (tx) =>
      extendDeadline(tx, dpo, {
        requestId: access.id,
        version: await version(access.id),
        workingDays: 2,
        reason: 'Архив',
      }),
    );
    await t.db.transaction(async (tx) =>
      executeRequest(tx, agent, { requestId: access.id, version: await version(access.id), outcome: null }),
    );
    // request.data_blocked, then request.refused
    const blocking = await file(subject.id, { type: 'BLOCK', itemIds: [items[0]!.id], description: 'Рұқсатсыз' });
    await t.db.transaction(async (tx) =>
      executeRequest(tx, agent, { requestId: blocking.id, version: await version(blocking.id), outcome: null }),
    );
    await t.db.transaction(async (tx) =>
      refuseRequest(tx, agent, {
        requestId: blocking.id,
        version: await version(blocking.id),
        reasonCode: 'other',
        legalBasis: 'Art. 25(2)(8)',
        text: 'Бұзушылық расталмады.',
      }),
    );
    // task.created (the BLOCK reached the CRM, which holds the item), task.done, task.failed
    const crm = await systemCloser(t.db, 'crm');
    const [blocking1, blocking2] = await t.db
      .select()
      .from(executionTasks)
      .where(and(eq(executionTasks.requestId, blocking.id), eq(executionTasks.systemId, crm.systemId)))
      .orderBy(executionTasks.action);
    await t.db.transaction((tx) => closeTask(tx, crm, blocking1!.id, { outcome: 'done', note: 'Blocked.' }));
    await t.db.transaction((tx) => closeTask(tx, crm, blocking2!.id, { outcome: 'failed', note: 'Not found.' }));
    // consent.withdrawn and consent.expired
    const newsletter = await consentFor(subject.id, 'newsletter', null);
    const withdrawal = await file(subject.id, { type: 'WITHDRAW', consentId: newsletter.id });
    await t.db.transaction(async (tx) =>
      executeRequest(tx, agent, { requestId: withdrawal.id, version: await version(withdrawal.id), outcome: null }),
    );
    await consentFor(subject.id, 'newsletter', new Date(Date.now() - 60_000));
    await runRetention(t.db);
    // transfer.recorded, to a subject whose active consent asks to be told (Art. 19)
    await consentFor(subject.id, 'newsletter', null);
    const [recipient] = await t.db.select().from(recipients).where(eq(recipients.country, 'KZ')).limit(1);
    await t.db.update(recipients).set({ notifySubject: true }).where(eq(recipients.id, recipient!.id));
    await t.db.transaction((tx) =>
      recordTransfer(tx, agent, {
        subjectId: subject.id,
        recipientId: recipient!.id,
        transferredAt: new Date(),
        itemIds: [items[1]!.id],
        basis: 'Келісім',
        crossBorderBasis: null,
      }),
    );
    // breach.recorded, breach.subject_notified
    const incidentId = await t.db.transaction((tx) =>
      recordIncident(tx, dpo, {
        discoveredAt: new Date(Date.now() - 3_600_000),
        description: { kk: 'Ноутбук', ru: 'Ноутбук' },
        measures: { kk: 'Құпиясөз', ru: 'Пароль' },
        subjectIds: [subject.id],
      }),
    );
    await t.db.transaction((tx) => notifyIncidentSubjects(tx, dpo, { incidentId }));

    // request.filed_by_representative, request.authority_decided (Art. 10(2), 24)
    const parent = (await createSubjectWithItems(t.db, { locale: 'ru' })).subject;
    const childIin = '150501300013';
    await t.db.update(subjects).set({ iin: childIin }).where(eq(subjects.id, subject.id));
    const forChild = await t.db.transaction((tx) =>
      fileOnBehalf(tx, {
        account: { user: { id: agent.id, email: parent.email! }, subject: parent, locale: 'ru' },
        representativeName: 'Ата-ана',
        represented: { fullName: 'Бала', iin: childIin },
        relationship: 'parent',
        description: null,
        uploads: [
          {
            fileName: 'c.pdf',
            contentType: 'application/pdf',
            content: Buffer.from('%PDF-1.4 c'),
            sha256: 'c'.repeat(64),
            byteSize: 10,
          },
        ],
        idempotencyKey: null,
      }),
    );
    await t.db.transaction(async (tx) =>
      confirmAuthority(tx, agent, { requestId: forChild.id, version: await version(forChild.id) }),
    );

    const rows = await t.db.select().from(domainEvents);
    for (const row of rows) {
      const definition = eventCatalogue[row.type as EventType];
      assert.ok(definition, `${row.type} is documented`);
      assert.equal(row.version, definition.version);
      const parsed = definition.payload.safeParse(row.payload);
      assert.ok(parsed.success, `${row.type}: ${parsed.success ? '' : parsed.error.message}`);
    }
    const recorded = new Set(rows.map((r) => r.type));
    for (const type of Object.keys(eventCatalogue)) assert.ok(recorded.has(type), `${type} is recorded by the portal`);

    // The subject's e-mails follow from the events, in their language.
    const mail = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.subjectId, subject.id));
    for (const kind of [
      'request_filed',
      'request_message',
      'request_info',
      'request_extended',
      'request_executed',
      'request_blocked',
      'request_refused',
      'transfer_notice',
      'breach_notice',
      'request_filed_for_you',
    ]) {
      assert.ok(
        mail.some((m) => m.kind === kind && m.locale === 'kk'),
        kind,
      );
    }
    // The representative is the requester: told in their own language, with a link to their page.
    const toParent = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.subjectId, parent.id));
    for (const kind of ['representative_registered', 'representative_authority_confirmed'])
      assert.ok(
        toParent.some(
          (m) => m.kind === kind && m.locale === 'ru' && m.textBody.includes(`/me/representation/${forChild.id}`),
        ),
        kind,
      );
  });
});
