import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { requestEvents, requests } from '@/db/schema/requests';
import { seedReferenceData } from '@/db/seed/reference';
import { createSubjectWithItems, createTestDatabase, type TestDatabase } from '@/db/testing';
import { DomainError } from '@/lib/errors';
import { fileRequest } from './file';
import { cancelOwnRequest, postSubjectMessage } from './subject-actions';

let t: TestDatabase;
let subjectId: string;
const actor = { id: null, role: 'subject' as const };
const refused = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;
const file = () => t.db.transaction((tx) => fileRequest(tx, { subjectId, type: 'ACCESS', notify: false }));

before(async () => {
  t = await createTestDatabase();
  await seedReferenceData(t.db);
  subjectId = (await createSubjectWithItems(t.db)).subject.id;
});
after(() => t.drop());

describe('[REQUEST] the subject follows, messages and cancels their request', () => {
  test('[REQUEST] a request not yet acted on can be cancelled: it is withdrawn and closed', async () => {
    const { id } = await file();
    await t.db.transaction((tx) => cancelOwnRequest(tx, { subjectId, requestId: id, version: 1, actor }));
    const [request] = await t.db.select().from(requests).where(eq(requests.id, id));
    assert.equal(request?.state, 'WITHDRAWN');
    assert.ok(request?.completedAt);
    assert.equal(request?.version, 2);
  });

  test('[REQUEST] optimistic locking: cancelling from a page that is out of date changes nothing', async () => {
    const { id } = await file();
    await t.db
      .update(requests)
      .set({ state: 'IN_PROGRESS', version: sql`${requests.version} + 1` })
      .where(eq(requests.id, id));
    await assert.rejects(
      t.db.transaction((tx) => cancelOwnRequest(tx, { subjectId, requestId: id, version: 1, actor })),
      refused('stale'),
    );
    const [request] = await t.db.select().from(requests).where(eq(requests.id, id));
    assert.equal(request?.state, 'IN_PROGRESS');
  });

  test('[REQUEST] an executed request can no longer be cancelled', async () => {
    const { id } = await file();
    await t.db
      .update(requests)
      .set({ state: 'COMPLETED', completedAt: new Date(), version: 2 })
      .where(eq(requests.id, id));
    await assert.rejects(
      t.db.transaction((tx) => cancelOwnRequest(tx, { subjectId, requestId: id, version: 2, actor })),
      refused('cannotCancel'),
    );
  });

  test('[REQUEST] answering a request for information puts the request back in progress', async () => {
    const { id } = await file();
    await t.db.update(requests).set({ state: 'AWAITING_INFO', version: 2 }).where(eq(requests.id, id));
    await t.db.transaction((tx) =>
      postSubjectMessage(tx, {
        subjectId,
        requestId: id,
        body: 'Here is my diploma.',
        uploads: [
          {
            fileName: 'diploma.pdf',
            contentType: 'application/pdf',
            content: Buffer.from('%PDF-1.4'),
            sha256: 'b'.repeat(64),
            byteSize: 8,
          },
        ],
        actor,
      }),
    );
    const [request] = await t.db.select().from(requests).where(eq(requests.id, id));
    assert.equal(request?.state, 'IN_PROGRESS');
    const events = await t.db.select().from(requestEvents).where(eq(requestEvents.requestId, id));
    assert.deepEqual(
      events.map((e) => e.kind),
      ['filed', 'message', 'state_changed'],
    );
    assert.ok(events.every((e) => e.visibility === 'subject'));
  });

  test('[REQUEST] a closed request takes no more messages', async () => {
    const { id } = await file();
    await t.db
      .update(requests)
      .set({
        state: 'REFUSED',
        completedAt: new Date(),
        refusalReasonCode: 'no_grounds',
        refusalLegalBasis: 'Art. 8(2)',
        refusalText: 'x',
      })
      .where(eq(requests.id, id));
    await assert.rejects(
      t.db.transaction((tx) => postSubjectMessage(tx, { subjectId, requestId: id, body: 'why?', uploads: [], actor })),
      refused('notOpen'),
    );
  });
});
