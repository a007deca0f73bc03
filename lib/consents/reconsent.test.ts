import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { consentCategories, consentPurposes, consentRecords, consents } from '@/db/schema/consents';
import { purposeCategories } from '@/db/schema/inventory';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import type { Actor } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import { currentNoticeVersion } from '@/lib/privacy-notice/versions';
import { acceptWidenedConsent } from './reconsent';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(() => t.drop());

const refused = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

describe('[RECONSENT] Art. 8(4): consent to widened terms', () => {
  test('[RECONSENT] Art. 8(4): the subject consents again to the terms the new version added, and it is recorded', async () => {
    const [consent] = await t.db.select().from(consents).where(eq(consents.state, 'active')).limit(1);
    assert.ok(consent);
    const [other] = await t.db
      .select()
      .from(consents)
      .where(and(eq(consents.state, 'active')))
      .then((rows) => rows.filter((c) => c.subjectId !== consent.subjectId));
    const actor: Actor = { id: randomUUID(), role: 'subject' };
    const accept = (subjectId: string, consentId: string) =>
      t.db.transaction((tx) => acceptWidenedConsent(tx, { subjectId, consentId, actor, locale: 'ru' }));

    // Not flagged: nothing to consent again to.
    await assert.rejects(accept(consent.subjectId, consent.id), refused('notFound'));
    await t.db.update(consents).set({ reconsentVersion: 1 }).where(eq(consents.id, consent.id));
    // Another subject's consent is not found.
    if (other) await assert.rejects(accept(other.subjectId, consent.id), refused('notFound'));

    await accept(consent.subjectId, consent.id);
    const [after] = await t.db.select().from(consents).where(eq(consents.id, consent.id));
    assert.equal(after!.reconsentVersion, null);
    // The consent now covers every category its purposes use.
    const purposeIds = (await t.db.select().from(consentPurposes).where(eq(consentPurposes.consentId, consent.id))).map(
      (p) => p.purposeId,
    );
    const needed = new Set(
      (await t.db.select().from(purposeCategories))
        .filter((l) => purposeIds.includes(l.purposeId))
        .map((l) => l.categoryId),
    );
    const covered = new Set(
      (await t.db.select().from(consentCategories).where(eq(consentCategories.consentId, consent.id))).map(
        (c) => c.categoryId,
      ),
    );
    for (const id of needed) assert.ok(covered.has(id), `category ${id} covered`);
    // Given again: a 27560 record with the notice version in force, and an audit event the subject sees.
    const [record] = await t.db
      .select()
      .from(consentRecords)
      .where(eq(consentRecords.consentId, consent.id))
      .orderBy(desc(consentRecords.seq))
      .limit(1);
    assert.equal(record!.event, 'given');
    assert.equal(record!.noticeVersion, String((await currentNoticeVersion(t.db))!.version));
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, consent.id), eq(auditEvents.action, 'consent_given')))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    assert.equal(audit!.subjectId, consent.subjectId);
    assert.deepEqual(audit!.details, { reconsent: true });
    // Once is enough.
    await assert.rejects(accept(consent.subjectId, consent.id), refused('notFound'));
  });
});
