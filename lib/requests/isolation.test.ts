import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { listSubjectActivity } from '@/db/queries/activity';
import { findSubjectConsent, listSubjectConsents } from '@/db/queries/consents';
import { findMyDataReport } from '@/lib/my-data/report';
import { findSubjectAttachment, findSubjectRequest, listSubjectRequests } from '@/db/queries/subject-requests';
import { attachments } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { requestConsentWithdrawal } from '@/lib/consents/withdraw';
import { DomainError } from '@/lib/errors';
import { cancelOwnRequest, postSubjectMessage } from './subject-actions';
import { fileSubjectRequest } from './subject-requests';

/**
 * [ISOLATION] PRODUCT.md: a subject can never read or touch another subject's anything. Dmitry
 * tries every query and action behind the subject's pages with Aigul's ids.
 */
let t: TestDatabase;
let aigul: string;
let dmitry: string;
let aigulRequest: string;
let aigulAttachment: string;
let aigulConsent: string;
let aigulItem: string;
const actor = () => ({ id: null, role: 'subject' as const });
const notFound = (error: unknown) => error instanceof DomainError && error.code === 'notFound';

before(async () => {
  t = await createSeededTestDatabase();
  const people = await t.db.select({ id: subjects.id, email: subjects.email }).from(subjects);
  aigul = people.find((p) => p.email === 'aigul@example.kz')!.id;
  dmitry = people.find((p) => p.email === 'dmitry@example.kz')!.id;
  const report = (await findMyDataReport(t.db, aigul))!;
  aigulItem = report.categories[0]!.items[0]!.id;
  aigulConsent = (await listSubjectConsents(t.db, aigul)).find((c) => c.state === 'active' && !c.withdrawalLock)!.id;
  const filed = await t.db.transaction((tx) =>
    fileSubjectRequest(tx, {
      subjectId: aigul,
      actor: actor(),
      request: {
        type: 'RECTIFY',
        changes: [{ itemId: aigulItem, value: 'New Name' }],
        supplement: null,
        description: null,
      },
      uploads: [
        {
          fileName: 'id.pdf',
          contentType: 'application/pdf',
          content: Buffer.from('%PDF-1.4'),
          sha256: 'a'.repeat(64),
          byteSize: 8,
        },
      ],
      idempotencyKey: null,
    }),
  );
  aigulRequest = filed.id;
  aigulAttachment = (
    await t.db.select({ id: attachments.id }).from(attachments).where(eq(attachments.requestId, aigulRequest))
  )[0]!.id;
});
after(() => t.drop());

describe("[ISOLATION] another subject's ids give nothing", () => {
  test('[ISOLATION] request detail, request list and attachment downloads', async () => {
    assert.equal(await findSubjectRequest(t.db, dmitry, aigulRequest), null);
    assert.equal(
      (await listSubjectRequests(t.db, dmitry)).some((r) => r.id === aigulRequest),
      false,
    );
    assert.equal(await findSubjectAttachment(t.db, dmitry, aigulRequest, aigulAttachment), null);
    assert.ok(await findSubjectAttachment(t.db, aigul, aigulRequest, aigulAttachment));
  });

  test('[ISOLATION] consents and consent receipts', async () => {
    assert.equal(await findSubjectConsent(t.db, dmitry, aigulConsent), null);
  });

  test("[ISOLATION] activity shows only one's own events", async () => {
    assert.ok((await listSubjectActivity(t.db, aigul)).some((e) => e.entityId === aigulRequest));
    assert.equal(
      (await listSubjectActivity(t.db, dmitry)).some((e) => e.entityId === aigulRequest),
      false,
    );
  });

  test('[ISOLATION] cancelling, messaging and withdrawing with another subject\'s ids are "not found"', async () => {
    await assert.rejects(
      t.db.transaction((tx) =>
        cancelOwnRequest(tx, { subjectId: dmitry, requestId: aigulRequest, version: 1, actor: actor() }),
      ),
      notFound,
    );
    await assert.rejects(
      t.db.transaction((tx) =>
        postSubjectMessage(tx, { subjectId: dmitry, requestId: aigulRequest, body: 'hi', uploads: [], actor: actor() }),
      ),
      notFound,
    );
    await assert.rejects(
      t.db.transaction((tx) =>
        requestConsentWithdrawal(tx, { subjectId: dmitry, consentId: aigulConsent, actor: actor() }),
      ),
      notFound,
    );
  });

  test('[ISOLATION] filing a request about another subject\'s item or purpose is "not found"', async () => {
    const file = (request: Parameters<typeof fileSubjectRequest>[1]['request']) =>
      t.db.transaction((tx) =>
        fileSubjectRequest(tx, {
          subjectId: dmitry,
          actor: actor(),
          request,
          uploads: [],
          idempotencyKey: randomUUID(),
        }),
      );
    await assert.rejects(file({ type: 'DESTROY', itemIds: [aigulItem], description: 'not mine' }), notFound);
    await assert.rejects(
      file({ type: 'RECTIFY', changes: [{ itemId: aigulItem, value: 'x' }], supplement: null, description: null }),
      notFound,
    );
    await assert.rejects(file({ type: 'WITHDRAW', consentId: aigulConsent }), notFound);
    // Dmitry's data is processed by the automated purpose too, but an unknown purpose id is not his.
    await assert.rejects(file({ type: 'OBJECT_AUTO', purposeId: randomUUID(), description: null }), notFound);
  });
});
