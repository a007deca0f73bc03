import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { recipients } from '@/db/schema/inventory';
import { letters } from '@/db/schema/letters';
import { attachments } from '@/db/schema/requests';
import { dataItems } from '@/db/schema/subjects';
import { users, type UserRole } from '@/db/schema/auth';
import {
  allowExtensionAsAdministrativeBody,
  createSeededTestDatabase,
  createSubjectWithItems,
  type TestDatabase,
} from '@/db/testing';
import { DomainError } from '@/lib/errors';
import { fileRequest } from '@/lib/requests/file';
import { saveCalendarDay, saveDeadlinePolicy } from '@/lib/calendar/change';
import { recordIncident } from '@/lib/incidents/record';
import { saveStaffMember } from '@/lib/staff/manage';
import { saveOperatorProfile } from '@/lib/operator-profile/save';
import { markLetterPosted } from '@/lib/letters/letters';
import { recordTransfer } from '@/lib/transfers/record';
import { executeRequest, refuseRequest } from './execute';
import { registerIntake } from './intake';
import { openAttachment, recordRequestView } from './views';
import {
  addInternalNote,
  assignRequests,
  extendDeadline,
  postStaffMessage,
  requestInformation,
  takeRequest,
} from './work';

/**
 * [ROLES] PRODUCT.md: the whole matrix. Every back-office action is tried by every role, by a
 * subject and by an anonymous visitor, each on a fresh request; exactly the allowed ones succeed.
 * The expected table is written out here, apart from lib/auth/permissions.ts, on purpose.
 */
type Who = 'agent' | 'dpo' | 'admin' | 'auditor' | 'subject' | 'anonymous';
const everyone: Who[] = ['agent', 'dpo', 'admin', 'auditor', 'subject', 'anonymous'];

const expected: Record<string, Who[]> = {
  'view a request': ['agent', 'dpo', 'auditor'],
  'open a document': ['agent', 'dpo', 'auditor'],
  take: ['agent', 'dpo'],
  'assign to someone': ['dpo'],
  'message the subject': ['agent', 'dpo'],
  'add an internal note': ['agent', 'dpo'],
  'ask for information': ['agent', 'dpo'],
  'extend the deadline': ['dpo'],
  execute: ['agent', 'dpo'],
  refuse: ['agent', 'dpo'],
  'register a paper request': ['agent', 'dpo'],
  'change the calendar': ['dpo'],
  'edit a deadline policy': ['dpo'],
  'record a transfer': ['agent', 'dpo'],
  'record a breach': ['dpo'],
  'mark a letter posted': ['agent', 'dpo'],
  'manage staff': ['admin'],
  'edit the operator profile': ['admin'],
};

let t: TestDatabase;
const people = {} as Record<Who, { id: string; role: UserRole } | null>;
let subjectId: string;
let assigneeId: string;

before(async () => {
  t = await createSeededTestDatabase();
  await allowExtensionAsAdministrativeBody(t.db, 'ACCESS', 5);
  for (const role of ['agent', 'dpo', 'admin', 'auditor', 'subject'] as const) {
    const [user] = await t.db
      .insert(users)
      .values({ email: `${role}@matrix.test`, role })
      .returning({ id: users.id });
    people[role] = { id: user!.id, role };
  }
  people.anonymous = null;
  assigneeId = people.agent!.id;
  subjectId = (await createSubjectWithItems(t.db)).subject.id;
});
after(() => t.drop());

const pdf = {
  fileName: 'scan.pdf',
  contentType: 'application/pdf' as const,
  content: Buffer.from('%PDF-1.4 scan'),
  sha256: 'f'.repeat(64),
  byteSize: 13,
};

const actions: Record<
  string,
  (
    tx: Tx,
    user: (typeof people)[Who],
    request: { id: string; reference: string; subjectId: string; attachmentId: string },
  ) => Promise<unknown>
> = {
  'view a request': (tx, user, r) => recordRequestView(tx, user, r),
  'open a document': (tx, user, r) =>
    openAttachment(tx, user, { requestId: r.id, attachmentId: r.attachmentId, reference: r.reference }),
  take: (tx, user, r) => takeRequest(tx, user, { requestId: r.id, version: 1 }),
  'assign to someone': (tx, user, r) => assignRequests(tx, user, { requestIds: [r.id], assigneeId }),
  'message the subject': (tx, user, r) => postStaffMessage(tx, user, { requestId: r.id, body: 'Hello' }),
  'add an internal note': (tx, user, r) => addInternalNote(tx, user, { requestId: r.id, body: 'Note' }),
  'ask for information': (tx, user, r) =>
    requestInformation(tx, user, { requestId: r.id, version: 1, body: 'Please send a copy' }),
  'extend the deadline': (tx, user, r) =>
    extendDeadline(tx, user, { requestId: r.id, version: 1, workingDays: 2, reason: 'Waiting for the archive' }),
  execute: (tx, user, r) => executeRequest(tx, user, { requestId: r.id, version: 1, outcome: null }),
  refuse: (tx, user, r) =>
    refuseRequest(tx, user, {
      requestId: r.id,
      version: 1,
      reasonCode: 'no_grounds',
      legalBasis: 'Art. 24(1)',
      text: 'No grounds.',
    }),
  'change the calendar': (tx, user) =>
    saveCalendarDay(tx, user, {
      day: '2030-01-03',
      kind: 'transferred_day_off',
      name: { kk: 'a', ru: 'a', en: 'a' },
      source: 'test',
      isProvisional: false,
    }),
  'edit a deadline policy': (tx, user) =>
    saveDeadlinePolicy(tx, user, {
      code: 'ACCESS',
      workingDays: 3,
      maxExtensionWorkingDays: 5,
      citation: { kk: 'a', ru: 'a', en: 'a' },
    }),
  'record a transfer': async (tx, user) => {
    const [item] = await tx.select().from(dataItems).where(eq(dataItems.subjectId, subjectId)).limit(1);
    const [recipient] = await tx.select().from(recipients).where(eq(recipients.country, 'KZ')).limit(1);
    return recordTransfer(tx, user, {
      subjectId,
      recipientId: recipient!.id,
      transferredAt: new Date(),
      itemIds: [item!.id],
      basis: 'contract',
      crossBorderBasis: null,
    });
  },
  'record a breach': (tx, user) =>
    recordIncident(tx, user, {
      discoveredAt: new Date(),
      description: { kk: 'x', ru: 'x' },
      measures: { kk: 'y', ru: 'y' },
      subjectIds: [subjectId],
    }),
  'edit the operator profile': async (tx, user) => {
    const profile = (await findOperatorProfile(tx))!;
    return saveOperatorProfile(tx, user, { ...profile, website: profile.website ?? '' });
  },
  'manage staff': (tx, user) =>
    saveStaffMember(tx, user, { email: 'new.agent@matrix.test', name: 'New Agent', role: 'agent' }),
  'mark a letter posted': async (tx, user, r) => {
    const [letter] = await tx
      .insert(letters)
      .values({ subjectId: r.subjectId, kind: 'request_filed', requestId: r.id, locale: 'kk', title: 'x', body: 'x' })
      .returning({ id: letters.id });
    return markLetterPosted(tx, user, letter!.id);
  },
  'register a paper request': (tx, user) =>
    registerIntake(tx, user, {
      subjectId,
      request: { type: 'ACCESS', description: null },
      channel: 'paper',
      registeredAt: new Date(Date.now() - 86_400_000),
      uploads: [pdf],
      idempotencyKey: null,
    }),
};

async function freshRequest() {
  return t.db.transaction(async (tx) => {
    const filed = await fileRequest(tx, { subjectId, type: 'ACCESS', notify: false });
    const [file] = await tx
      .insert(attachments)
      .values({ requestId: filed.id, subjectId, eventId: filed.eventId, ...pdf })
      .returning({ id: attachments.id });
    return { id: filed.id, reference: filed.reference, subjectId, attachmentId: file!.id };
  });
}

describe('[ROLES] every back-office action × every role, subject and anonymous visitor', () => {
  for (const [action, allowed] of Object.entries(expected)) {
    test(`[ROLES] ${action}: allowed to ${allowed.join(', ')} only`, async () => {
      const outcomes: Who[] = [];
      for (const who of everyone) {
        const request = await freshRequest();
        try {
          await t.db.transaction((tx) => actions[action]!(tx, people[who], request));
          outcomes.push(who);
        } catch (error) {
          assert.ok(
            error instanceof DomainError && error.code === 'forbidden',
            `${who}: ${action} failed for another reason: ${String(error)}`,
          );
        }
      }
      assert.deepEqual(outcomes, allowed);
    });
  }
});
