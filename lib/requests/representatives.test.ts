import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { auditEvents } from '@/db/schema/audit';
import { outgoingEmails } from '@/db/schema/mail';
import { requestRepresentatives } from '@/db/schema/representatives';
import { attachments, requestEvents, requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { confirmAuthority } from '@/lib/backoffice/authority';
import { executeRequest, refuseRequest } from '@/lib/backoffice/execute';
import { DomainError } from '@/lib/errors';
import { iinCheckDigit } from '@/lib/iin';
import { fileOnBehalf } from './on-behalf';
import { findRepresentedAttachment, findRepresentedRequest, listRepresentedRequests } from './representatives';
import { cancelOwnRequest, postSubjectMessage } from './subject-actions';
import { fileSubjectRequest } from './subject-requests';

let t: TestDatabase;
let agent: Staff;
const refused = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

before(async () => {
  t = await createSeededTestDatabase();
  const [a] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'agent@dalabilim.kz'));
  agent = { id: a!.id, role: 'agent' };
});
after(() => t.drop());

let serial = 100000;
/** A fresh valid IIN (the check digit of lib/iin.ts). */
function newIin(): string {
  for (;;) {
    const first11 = `1505${String(serial++).padStart(6, '0')}3`;
    const check = iinCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
}
async function person(fullName: string) {
  const { subject } = await createSubjectWithItems(t.db, { categories: ['full_name', 'email'] });
  const [row] = await t.db
    .update(subjects)
    .set({ fullName, iin: newIin() })
    .where(eq(subjects.id, subject.id))
    .returning();
  return row!;
}
const document = {
  fileName: 'birth-certificate.pdf',
  contentType: 'application/pdf' as const,
  content: Buffer.from('%PDF-1.4 birth certificate'),
  sha256: 'e'.repeat(64),
  byteSize: 26,
};
/** The signed-in account of a person: their users row, and the subject record it is (or none). */
async function accountOf(subject: Awaited<ReturnType<typeof person>> | null, email = subject?.email ?? '') {
  const [user] = await t.db
    .insert(users)
    .values({ email, role: 'subject' })
    .onConflictDoUpdate({ target: users.email, set: { role: 'subject' } })
    .returning({ id: users.id });
  return { user: { id: user!.id, email }, subject, locale: 'ru' as const };
}
const onBehalf = async (
  representative: Awaited<ReturnType<typeof person>>,
  represented: { fullName: string; iin: string },
) => {
  const account = await accountOf(representative);
  return t.db.transaction((tx) =>
    fileOnBehalf(tx, {
      account,
      representativeName: representative.fullName!,
      represented,
      relationship: 'parent',
      description: null,
      uploads: [document],
      idempotencyKey: null,
    }),
  );
};
const version = async (id: string) =>
  (await t.db.select({ v: requests.version }).from(requests).where(eq(requests.id, id)))[0]!.v;
const stateOf = async (id: string) =>
  (await t.db.select({ s: requests.state }).from(requests).where(eq(requests.id, id)))[0]!.s;

describe('[REPRESENTATIVE] Art. 7(1), 10(2), 24: a legal representative acts for the subject', () => {
  test('[REPRESENTATIVE] Art. 24: a parent the operator holds nothing about files from their account, which becomes a subject record', async () => {
    const child = await person('Child Zero');
    const email = `parent-${child.id.slice(0, 8)}@example.kz`;
    const account = await accountOf(null, email);
    const filed = await t.db.transaction((tx) =>
      fileOnBehalf(tx, {
        account,
        representativeName: 'Parent Zero',
        represented: { fullName: 'Child Zero', iin: child.iin! },
        relationship: 'guardian',
        description: null,
        uploads: [document],
        idempotencyKey: null,
      }),
    );
    const [record] = await t.db.select().from(subjects).where(eq(subjects.email, email));
    assert.equal(record!.userId, account.user.id);
    assert.equal(record!.fullName, 'Parent Zero');
    assert.equal(record!.locale, 'ru');
    const [rep] = await t.db
      .select()
      .from(requestRepresentatives)
      .where(eq(requestRepresentatives.requestId, filed.id));
    assert.equal(rep!.representativeSubjectId, record!.id);
    assert.deepEqual(
      (await listRepresentedRequests(t.db, record!.id)).map((r) => r.id),
      [filed.id],
    );
    // Told as the requester, in their language, with a link to their own page; the child is told who filed.
    const toParent = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, email));
    assert.ok(
      toParent.some(
        (m) => m.kind === 'representative_registered' && m.textBody.includes(`/me/representation/${filed.id}`),
      ),
    );
    const toChild = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, child.email!));
    assert.ok(toChild.some((m) => m.kind === 'request_filed_for_you' && m.textBody.includes('Parent Zero')));
  });

  test('[REPRESENTATIVE] Art. 10(2): execution waits for the verified authority', async () => {
    const parent = await person('Parent One');
    const child = await person('Child One');
    const filed = await onBehalf(parent, { fullName: 'Child One', iin: child.iin! });
    const [request] = await t.db.select().from(requests).where(eq(requests.id, filed.id));
    assert.equal(request!.subjectId, child.id, 'the request is the represented subject’s');

    const execute = async () =>
      t.db.transaction(async (tx) =>
        executeRequest(tx, agent, { requestId: filed.id, version: await version(filed.id), outcome: null }),
      );
    await assert.rejects(execute, refused('authorityUnverified'));
    await assert.rejects(
      async () =>
        t.db.transaction(async (tx) =>
          refuseRequest(tx, agent, {
            requestId: filed.id,
            version: await version(filed.id),
            reasonCode: 'no_grounds',
            legalBasis: 'Art. 24(1)',
            text: 'No.',
          }),
        ),
      refused('authorityUnverified'),
      'no refusal on the merits either',
    );
    assert.equal(await stateOf(filed.id), 'REGISTERED');

    await t.db.transaction(async (tx) =>
      confirmAuthority(tx, agent, { requestId: filed.id, version: await version(filed.id) }),
    );
    const [rep] = await t.db
      .select()
      .from(requestRepresentatives)
      .where(eq(requestRepresentatives.requestId, filed.id));
    assert.equal(rep!.authority, 'confirmed');
    assert.equal(rep!.verifiedById, agent.id);
    assert.ok(rep!.verifiedAt);
    const audited = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, filed.id), eq(auditEvents.action, 'request_updated')));
    assert.ok(
      audited.some((e) => (e.details as { authority?: string }).authority === 'confirmed' && e.actorId === agent.id),
      'the verification is audited, on the subject',
    );
    assert.ok(audited.every((e) => e.subjectId === child.id));

    await execute();
    assert.equal(await stateOf(filed.id), 'COMPLETED');
  });

  test('[REPRESENTATIVE] Art. 10(2): "authority not confirmed" refuses the request and records the verdict', async () => {
    const parent = await person('Parent Two');
    const child = await person('Child Two');
    const filed = await onBehalf(parent, { fullName: 'Child Two', iin: child.iin! });
    await t.db.transaction(async (tx) =>
      refuseRequest(tx, agent, {
        requestId: filed.id,
        version: await version(filed.id),
        reasonCode: 'authority_not_confirmed',
        legalBasis: 'Art. 10(2)',
        text: 'The document does not show you are the parent.',
      }),
    );
    assert.equal(await stateOf(filed.id), 'REFUSED');
    const [rep] = await t.db
      .select()
      .from(requestRepresentatives)
      .where(eq(requestRepresentatives.requestId, filed.id));
    assert.equal(rep!.authority, 'not_confirmed');
    assert.equal(rep!.verifiedById, agent.id);
  });

  test('[REPRESENTATIVE] Art. 10(2): "authority not confirmed" is no reason for a request the subject filed', async () => {
    const self = await person('Self Filer');
    const own = await t.db.transaction((tx) =>
      fileSubjectRequest(tx, {
        subjectId: self.id,
        actor: { id: null, role: 'subject' },
        request: { type: 'ACCESS', description: null },
        uploads: [],
        idempotencyKey: null,
      }),
    );
    await assert.rejects(
      async () =>
        t.db.transaction(async (tx) =>
          refuseRequest(tx, agent, {
            requestId: own.id,
            version: await version(own.id),
            reasonCode: 'authority_not_confirmed',
            legalBasis: 'Art. 10(2)',
            text: 'x',
          }),
        ),
      refused('invalid'),
    );
  });

  test('[REPRESENTATIVE] Art. 24: the representative sees only the requests they filed', async () => {
    const parent = await person('Parent Three');
    const stranger = await person('Stranger Three');
    const child = await person('Child Three');
    const own = await t.db.transaction((tx) =>
      fileSubjectRequest(tx, {
        subjectId: child.id,
        actor: { id: null, role: 'subject' },
        request: { type: 'ACCESS', description: 'my own question' },
        uploads: [],
        idempotencyKey: null,
      }),
    );
    const filed = await onBehalf(parent, { fullName: 'Child Three', iin: child.iin! });

    const mine = await listRepresentedRequests(t.db, parent.id);
    assert.deepEqual(
      mine.map((r) => r.id),
      [filed.id],
      'only the request they filed, not the child’s own',
    );
    assert.equal(await findRepresentedRequest(t.db, parent.id, own.id), null);
    assert.equal(await findRepresentedRequest(t.db, stranger.id, filed.id), null, 'another person sees nothing');
    assert.deepEqual(await listRepresentedRequests(t.db, stranger.id), []);

    const detail = await findRepresentedRequest(t.db, parent.id, filed.id);
    assert.equal(detail?.request.id, filed.id);
    assert.equal(detail?.files.length, 1, 'their document');
    assert.ok(detail!.events.length > 0);
    const fileId = detail!.files[0]!.id;
    assert.ok(await findRepresentedAttachment(t.db, parent.id, filed.id, fileId));
    assert.equal(await findRepresentedAttachment(t.db, stranger.id, filed.id, fileId), null);
  });

  test('[REPRESENTATIVE] Art. 24: the representative answers the operator’s request for information and may cancel', async () => {
    const parent = await person('Parent Six');
    const stranger = await person('Stranger Six');
    const child = await person('Child Six');
    const own = await t.db.transaction((tx) =>
      fileSubjectRequest(tx, {
        subjectId: child.id,
        actor: { id: null, role: 'subject' },
        request: { type: 'ACCESS', description: null },
        uploads: [],
        idempotencyKey: null,
      }),
    );
    const filed = await onBehalf(parent, { fullName: 'Child Six', iin: child.iin! });
    const { user } = await accountOf(parent);
    const actor = { id: user.id, role: 'subject' as const };
    await t.db
      .update(requests)
      .set({ state: 'AWAITING_INFO', version: (await version(filed.id)) + 1 })
      .where(eq(requests.id, filed.id));

    await t.db.transaction((tx) =>
      postSubjectMessage(tx, {
        subjectId: parent.id,
        requestId: filed.id,
        asRepresentative: true,
        body: 'The notarised power of attorney, as asked.',
        uploads: [{ ...document, fileName: 'power-of-attorney.pdf' }],
        actor,
      }),
    );
    assert.equal(await stateOf(filed.id), 'IN_PROGRESS', 'the answer puts the request back in progress');
    const [message] = await t.db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, filed.id), eq(requestEvents.kind, 'message')));
    assert.deepEqual(message?.details, { byRepresentative: true }, 'staff and the subject see who wrote');
    const files = await t.db.select().from(attachments).where(eq(attachments.requestId, filed.id));
    assert.ok(
      files.some((f) => f.fileName === 'power-of-attorney.pdf' && f.subjectId === child.id),
      'the document is the subject’s request’s, not the representative’s',
    );

    // Nobody else's request: not the child's own, not through another account, not as "their own".
    for (const attempt of [
      { subjectId: parent.id, requestId: own.id, asRepresentative: true },
      { subjectId: stranger.id, requestId: filed.id, asRepresentative: true },
      { subjectId: parent.id, requestId: filed.id },
    ])
      await assert.rejects(
        t.db.transaction((tx) => postSubjectMessage(tx, { ...attempt, body: 'hi', uploads: [], actor })),
        refused('notFound'),
      );

    await t.db.update(requests).set({ state: 'REGISTERED' }).where(eq(requests.id, filed.id));
    await t.db.transaction(async (tx) =>
      cancelOwnRequest(tx, {
        subjectId: parent.id,
        requestId: filed.id,
        asRepresentative: true,
        version: await version(filed.id),
        actor,
      }),
    );
    assert.equal(await stateOf(filed.id), 'WITHDRAWN');
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, filed.id), eq(auditEvents.action, 'request_updated')));
    assert.equal(audit?.subjectId, child.id, 'the subject sees in their activity that it was cancelled for them');
    assert.equal(await stateOf(own.id), 'REGISTERED', 'the child’s own request is untouched');
  });

  test('[REPRESENTATIVE] Art. 8-2: the subject’s activity names who filed for them', async () => {
    const parent = await person('Parent Four');
    const child = await person('Child Four');
    const filed = await onBehalf(parent, { fullName: 'Child Four', iin: child.iin! });
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, filed.id), eq(auditEvents.action, 'request_filed')));
    assert.equal(event!.subjectId, child.id);
    assert.deepEqual((event!.details as { representative?: unknown }).representative, {
      fullName: 'Parent Four',
      relationship: 'parent',
    });
  });

  test('[REPRESENTATIVE] Art. 10(2): an IIN the operator does not hold is still registered, marked for staff', async () => {
    const parent = await person('Parent Five');
    const iin = newIin();
    const filed = await onBehalf(parent, { fullName: 'Unknown Child', iin });
    const [request] = await t.db.select().from(requests).where(eq(requests.id, filed.id));
    const [subject] = await t.db.select().from(subjects).where(eq(subjects.id, request!.subjectId));
    assert.equal(subject!.iin, iin);
    assert.equal(subject!.email, null);
    const [rep] = await t.db
      .select()
      .from(requestRepresentatives)
      .where(eq(requestRepresentatives.requestId, filed.id));
    assert.equal(rep!.subjectWasKnown, false);
  });

  test('[REPRESENTATIVE] Art. 10(2): no document, a bad IIN or one’s own IIN is refused', async () => {
    const parent = await person('Parent Six');
    await assert.rejects(() => onBehalf(parent, { fullName: 'X', iin: '123456789012' }), refused('invalid'));
    await assert.rejects(() => onBehalf(parent, { fullName: 'X', iin: parent.iin! }), refused('invalid'));
    await assert.rejects(
      () =>
        t.db.transaction((tx) =>
          fileOnBehalf(tx, {
            account: { user: { id: 'none', email: parent.email! }, subject: parent, locale: 'en' },
            representativeName: 'Parent Six',
            represented: { fullName: 'X', iin: newIin() },
            relationship: 'guardian',
            description: null,
            uploads: [],
            idempotencyKey: null,
          }),
        ),
      refused('invalid'),
    );
  });
});
