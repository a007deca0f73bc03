import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { listSubjectActivity } from '@/db/queries/activity';
import { users } from '@/db/schema/auth';
import { destructionCandidates } from '@/db/schema/compliance';
import { consents } from '@/db/schema/consents';
import { purposes } from '@/db/schema/inventory';
import { operatorProfile } from '@/db/schema/operator';
import { dataItemPurposes, dataItems } from '@/db/schema/subjects';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { decideDestruction, runRetention } from './run';

let t: TestDatabase;
let dpo: Staff;
before(async () => {
  t = await createSeededTestDatabase();
  const [user] = await t.db.select().from(users).where(eq(users.role, 'dpo'));
  dpo = { id: user!.id, role: 'dpo' };
});
after(() => t.drop());

/** An item serving "certificates" (kept 10 years from collection), collected `yearsAgo` years ago. */
async function certificateItem(yearsAgo: number) {
  const { subject, items } = await createSubjectWithItems(t.db, { categories: ['education'] });
  const [certificates] = await t.db.select().from(purposes).where(eq(purposes.code, 'certificates'));
  const collectedAt = new Date(Date.now() - yearsAgo * 366 * 86_400_000);
  await t.db.update(dataItems).set({ collectedAt }).where(eq(dataItems.id, items[0]!.id));
  await t.db.insert(dataItemPurposes).values({ dataItemId: items[0]!.id, purposeId: certificates!.id });
  return { subjectId: subject.id, itemId: items[0]!.id };
}

describe('[RETENTION] Art. 12(2), 18: data are destroyed when their purposes end', () => {
  test("[RETENTION] an item past its retention period is listed, destroyed on the dpo's confirmation, and the subject sees both", async () => {
    const expired = await certificateItem(11);
    const current = await certificateItem(2);
    const result = await runRetention(t.db);
    assert.ok(result.listed >= 1);
    const [listed] = await t.db
      .select()
      .from(destructionCandidates)
      .where(eq(destructionCandidates.dataItemId, expired.itemId));
    assert.ok(listed);
    assert.equal(
      (await t.db.select().from(destructionCandidates).where(eq(destructionCandidates.dataItemId, current.itemId)))
        .length,
      0,
    );
    assert.equal(
      (await t.db.select().from(dataItems).where(eq(dataItems.id, expired.itemId)))[0]?.state,
      'active',
      'not destroyed before the dpo confirms',
    );

    await t.db.transaction((tx) => decideDestruction(tx, dpo, { candidateId: listed.id, decision: 'destroy' }));
    const [item] = await t.db.select().from(dataItems).where(eq(dataItems.id, expired.itemId));
    assert.deepEqual([item?.state, item?.value], ['destroyed', null]);
    const activity = (await listSubjectActivity(t.db, expired.subjectId)).map((e) => e.action);
    assert.ok(activity.includes('destruction_listed') && activity.includes('data_destroyed'));
  });

  test('[RETENTION] Digital Code Art. 41(3): where a law requires keeping it, the dpo keeps the item blocked, with the reason', async () => {
    const expired = await certificateItem(12);
    await runRetention(t.db);
    const [listed] = await t.db
      .select()
      .from(destructionCandidates)
      .where(eq(destructionCandidates.dataItemId, expired.itemId));
    await t.db.transaction((tx) =>
      decideDestruction(tx, dpo, {
        candidateId: listed!.id,
        decision: 'keep',
        keepReason: 'Court case No. 2-123/2026',
      }),
    );
    assert.equal((await t.db.select().from(dataItems).where(eq(dataItems.id, expired.itemId)))[0]?.state, 'blocked');
  });

  test('[RETENTION] when the operator chose automatic destruction, the run destroys at once', async () => {
    const expired = await certificateItem(13);
    await t.db.update(operatorProfile).set({ autoDestroyExpired: true });
    try {
      const result = await runRetention(t.db);
      assert.ok(result.destroyed >= 1);
      assert.equal(
        (await t.db.select().from(dataItems).where(eq(dataItems.id, expired.itemId)))[0]?.state,
        'destroyed',
      );
    } finally {
      await t.db.update(operatorProfile).set({ autoDestroyExpired: false });
    }
  });

  test('[CONSENT] Art. 8(5): a consent past its term expires, and the subject sees it', async () => {
    const { subject } = await createSubjectWithItems(t.db);
    const [consent] = await t.db
      .insert(consents)
      .values({
        subjectId: subject.id,
        operatorName: { kk: 'a', ru: 'a', en: 'a' },
        operatorBin: '180340012346',
        subjectName: 'x',
        validFrom: new Date('2024-01-01'),
        validUntil: new Date('2025-01-01'),
        thirdPartyTransfer: false,
        crossBorderTransfer: false,
        publicSources: false,
        channel: 'paper',
        evidenceText: 'x',
        evidenceSha256: 'a'.repeat(64),
        givenAt: new Date('2024-01-01'),
      })
      .returning();
    await runRetention(t.db);
    const [after] = await t.db
      .select()
      .from(consents)
      .where(and(eq(consents.id, consent!.id)));
    assert.equal(after?.state, 'expired');
    assert.ok((await listSubjectActivity(t.db, subject.id)).some((e) => e.action === 'consent_expired'));
  });
});
