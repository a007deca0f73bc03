import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { listSubjectActivity } from '@/db/queries/activity';
import { users } from '@/db/schema/auth';
import { consents } from '@/db/schema/consents';
import { recipients } from '@/db/schema/inventory';
import { outgoingEmails } from '@/db/schema/mail';
import { dataItems } from '@/db/schema/subjects';
import { transfers } from '@/db/schema/transfers';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';
import { recordTransfer } from './record';

let t: TestDatabase;
let agent: Staff;
const code = async (c: string) => (await t.db.select().from(recipients).where(eq(recipients.code, c)))[0]!;

before(async () => {
  t = await createSeededTestDatabase();
  const [user] = await t.db.select().from(users).where(eq(users.role, 'agent'));
  agent = { id: user!.id, role: 'agent' };
});
after(() => t.drop());

async function subjectAskingForNotice(locale: 'kk' | 'ru' | 'en') {
  const { subject, items } = await createSubjectWithItems(t.db, { locale });
  await t.db.insert(consents).values({
    subjectId: subject.id,
    operatorName: { kk: 'a', ru: 'a', en: 'a' },
    operatorBin: '180340012346',
    subjectName: 'x',
    validFrom: new Date(Date.now() - 1e7),
    thirdPartyTransfer: true,
    crossBorderTransfer: true,
    publicSources: false,
    notifyOnTransfer: true,
    channel: 'portal',
    evidenceText: 'x',
    evidenceSha256: 'b'.repeat(64),
    givenAt: new Date(Date.now() - 1e7),
  });
  return { subject, items };
}

describe('[TRANSFER] Art. 19, 22(1)(5): the transfers register', () => {
  test('[TRANSFER] Art. 19(1): the subject is told of the transfer in their language; the ten-working-day deadline is kept', async () => {
    const { subject, items } = await subjectAskingForNotice('ru');
    const steppe = await code('steppe_hr');
    const id = await t.db.transaction((tx) =>
      recordTransfer(tx, agent, {
        subjectId: subject.id,
        recipientId: steppe.id,
        transferredAt: new Date('2026-11-20T06:00:00Z'),
        itemIds: [items[0]!.id],
        basis: 'Consent of 01.09.2026',
        crossBorderBasis: null,
      }),
    );
    const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, id));
    // Ten working days after Friday 20 November 2026: 23–27 Nov, 30 Nov–4 Dec → Friday 4 December.
    assert.equal(transfer?.noticeDueAt?.toISOString(), '2026-12-04T18:59:59.999Z');
    assert.ok(transfer?.noticeSentAt);
    const [mail] = await t.db
      .select()
      .from(outgoingEmails)
      .where(and(eq(outgoingEmails.toAddress, subject.email!), eq(outgoingEmails.kind, 'transfer_notice')));
    assert.equal(mail?.locale, 'ru');
    assert.match(mail!.textBody, /Steppe Logistics/);
    const activity = await listSubjectActivity(t.db, subject.id);
    const event = activity.find((e) => e.action === 'data_transferred');
    assert.equal((event?.details as { recipientName: { ru: string } }).recipientName.ru, steppe.name.ru);
  });

  test('[TRANSFER] Art. 16: a transfer abroad is registered with its ground', async () => {
    const { subject, items } = await subjectAskingForNotice('en');
    const abroad = await code('talentbridge');
    await t.db.transaction((tx) =>
      recordTransfer(tx, agent, {
        subjectId: subject.id,
        recipientId: abroad.id,
        transferredAt: new Date(),
        itemIds: [items[0]!.id],
        basis: 'Consent',
        crossBorderBasis: 'consent',
      }),
    );
    const [transfer] = await t.db.select().from(transfers).where(eq(transfers.subjectId, subject.id));
    assert.equal(transfer?.crossBorderBasis, 'consent');
  });

  test('[TRANSFER] Art. 1(3): blocked data cannot be passed on', async () => {
    const { subject, items } = await subjectAskingForNotice('en');
    await t.db.update(dataItems).set({ state: 'blocked', blockedAt: new Date() }).where(eq(dataItems.id, items[0]!.id));
    await assert.rejects(
      t.db.transaction(async (tx) =>
        recordTransfer(tx, agent, {
          subjectId: subject.id,
          recipientId: (await code('steppe_hr')).id,
          transferredAt: new Date(),
          itemIds: [items[0]!.id],
          basis: 'x',
          crossBorderBasis: null,
        }),
      ),
      (error: unknown) => error instanceof DomainError && error.code === 'itemBlocked',
    );
  });
});
