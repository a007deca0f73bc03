import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { users } from '@/db/schema/auth';
import { dataCategories } from '@/db/schema/inventory';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';
import { approveDraft } from '@/lib/inventory/approve';
import { currentNoticeVersion, findNoticeVersion, listNoticeVersions } from './versions';

let t: TestDatabase;
let dpo: Staff;
before(async () => {
  t = await createSeededTestDatabase();
  const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, 'dpo'));
  dpo = { id: user!.id, role: 'dpo' };
});
after(() => t.drop());

describe('[NOTICE] the privacy notice is versioned', () => {
  test('[NOTICE] Art. 24–25: every version stays viewable', async () => {
    // The seed approved version 1 from the demo inventory.
    const first = (await currentNoticeVersion(t.db))!;
    assert.equal(first.version, 1);
    const before = first.snapshot.categories.find((c) => c.code === 'education')!.name.en;
    assert.ok(first.snapshot.operator?.bin);
    assert.ok(first.snapshot.deadlines.some((d) => d.type === 'ACCESS' && d.source?.en.includes('395')));

    // The inventory changes, and the dpo approves it as version 2.
    await t.db
      .update(dataCategories)
      .set({ name: { kk: 'Білімі (өзгерген)', ru: 'Образование (изменено)', en: 'Education (changed)' } })
      .where(eq(dataCategories.code, 'education'));
    const { version: second } = await t.db.transaction((tx) => approveDraft(tx, dpo));
    assert.equal(second, 2);
    assert.equal((await currentNoticeVersion(t.db))?.version, 2);

    // Version 1 reads as it was approved; version 2 shows the change.
    const past = (await findNoticeVersion(t.db, 1))!;
    assert.equal(past.snapshot.categories.find((c) => c.code === 'education')!.name.en, before);
    const now = (await findNoticeVersion(t.db, 2))!;
    assert.equal(now.snapshot.categories.find((c) => c.code === 'education')!.name.en, 'Education (changed)');
    assert.deepEqual(
      (await listNoticeVersions(t.db)).map((v) => v.version),
      [1, 2],
    );
    assert.equal(await findNoticeVersion(t.db, 3), null);

    // The approval is audited, and only the dpo may approve.
    const audited = await t.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'privacy_notice'));
    assert.equal(audited.length, 1);
    for (const role of ['agent', 'admin', 'auditor'] as const) {
      await assert.rejects(
        t.db.transaction((tx) => approveDraft(tx, { id: dpo.id, role } as unknown as Staff)),
        (e) => e instanceof DomainError && e.code === 'forbidden',
      );
    }
  });
});
