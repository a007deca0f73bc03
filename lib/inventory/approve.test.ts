import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { consentPurposes, consents } from '@/db/schema/consents';
import { dataCategories, inventoryChanges, purposes, recipients } from '@/db/schema/inventory';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';
import { currentNoticeVersion, findNoticeVersion } from '@/lib/privacy-notice/versions';
import { approveDraft, previewDraft } from './approve';
import { diffSnapshots } from './diff';
import { inventoryOverview } from './overview';
import {
  checkAgainstInventory,
  discardDraftChange,
  listPendingChanges,
  recordForEditing,
  retireDraftRecord,
  saveDraftRecord,
} from './draft';
import type { CategoryRecord, InventoryRecord, PurposeRecord, RecipientRecord } from './records';

let t: TestDatabase;
const staff = {} as Record<'admin' | 'dpo' | 'agent' | 'auditor', Staff>;
before(async () => {
  t = await createSeededTestDatabase();
  for (const role of ['admin', 'dpo', 'agent', 'auditor'] as const) {
    const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, role));
    staff[role] = { id: user!.id, role };
  }
});
after(() => t.drop());

const L = (kk: string, ru: string, en: string) => ({ kk, ru, en });
const isRefused = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;
const save = <E extends 'category' | 'purpose' | 'recipient'>(
  entity: E,
  id: string | null,
  record: InventoryRecord[E],
  user: Staff = staff.admin,
) => t.db.transaction((tx) => saveDraftRecord(tx, user, entity, id, record));
const approve = (user: Staff = staff.dpo) => t.db.transaction((tx) => approveDraft(tx, user));
const idOf = async (table: typeof dataCategories | typeof recipients | typeof purposes, code: string) => {
  const [row] = await t.db.select({ id: table.id }).from(table).where(eq(table.code, code));
  return row!.id;
};

function newCategory(code: string, name = L('Диплом', 'Диплом', 'Diploma')): CategoryRecord {
  return {
    code,
    name,
    description: L('Диплом нөмірі мен берілген күні', 'Номер и дата выдачи диплома', 'Diploma number and date'),
    accessLevel: 'restricted',
    isBiometric: false,
    isIin: false,
    sortOrder: 50,
  };
}

function newPurpose(code: string, categories: string[], recipientIds: string[]): PurposeRecord {
  return {
    code,
    name: L('Түлектер қауымдастығы', 'Ассоциация выпускников', 'Alumni association'),
    description: L('Түлектермен байланыс', 'Связь с выпускниками', 'Keeping in touch with alumni'),
    legalBasis: 'consent',
    art9Point: null,
    legalBasisCitation: null,
    retentionKind: 'until_purpose_achieved',
    retentionMonths: null,
    retentionFrom: null,
    retentionDescription: L('Келісім қайтарылғанша', 'До отзыва согласия', 'Until consent is withdrawn'),
    isAutomated: false,
    automatedLogic: null,
    withdrawalEffect: 'block',
    publishes: false,
    sortOrder: 50,
    categories,
    recipients: recipientIds,
  };
}

const alumniRecipient: RecipientRecord = {
  code: 'alumni_assoc',
  name: L('Түлектер қауымдастығы ҚБ', 'ОЮЛ «Ассоциация выпускников»', 'Alumni Association'),
  bin: '060340003213',
  kind: 'third_party',
  country: 'KZ',
  crossBorderBasis: null,
  notifySubject: true,
};

describe('[INVENTORY] changes to the inventory are a draft the dpo approves as a version', () => {
  let diplomaId: string;
  let recipientId: string;
  let alumniId: string;

  test('[INVENTORY] Art. 25(2)(1): the admin drafts a category, a recipient and a purpose; nothing live changes until approval', async () => {
    const noticeBefore = (await currentNoticeVersion(t.db))!;
    assert.equal(noticeBefore.version, 1);

    diplomaId = await save('category', null, newCategory('diploma'));
    recipientId = await save('recipient', null, alumniRecipient);
    const emailId = await idOf(dataCategories, 'email');
    alumniId = await save('purpose', null, newPurpose('alumni', [diplomaId, emailId], [recipientId]));
    // An edit of an approved record, too.
    const educationId = await idOf(dataCategories, 'education');
    const education = (await recordForEditing(t.db, 'category', educationId))!.record;
    await save('category', educationId, {
      ...education,
      name: L('Білімі', 'Образование', 'Education'),
    } as CategoryRecord);

    assert.equal((await listPendingChanges(t.db)).length, 4);
    // The back office lists the draft laid over the inventory.
    const overview = await inventoryOverview(t.db);
    const stateOf = (entity: 'category' | 'purpose' | 'recipient', code: string) =>
      overview[entity].find((r) => r.record.code === code)?.state;
    assert.equal(stateOf('category', 'diploma'), 'draftNew');
    assert.equal(stateOf('category', 'education'), 'draftChanged');
    assert.equal(stateOf('category', 'email'), 'inForce');
    assert.equal(stateOf('recipient', 'alumni_assoc'), 'draftNew');
    assert.equal(stateOf('recipient', 'smart_pay'), 'inForce');
    assert.equal(stateOf('purpose', 'alumni'), 'draftNew');
    // The live tables and the published notice are as approved.
    assert.equal((await t.db.select().from(dataCategories).where(eq(dataCategories.code, 'diploma'))).length, 0);
    assert.equal((await t.db.select().from(purposes).where(eq(purposes.code, 'alumni'))).length, 0);
    assert.equal((await t.db.select().from(recipients).where(eq(recipients.code, 'alumni_assoc'))).length, 0);
    const [liveEducation] = await t.db.select().from(dataCategories).where(eq(dataCategories.id, educationId));
    assert.equal(liveEducation!.name.en, 'Education and qualification');
    assert.deepEqual(await currentNoticeVersion(t.db), noticeBefore);

    // The preview shows what approval would publish, and is rolled back.
    const preview = await previewDraft(t.db);
    assert.ok(preview.purposes.some((p) => p.code === 'alumni' && p.recipientCodes?.includes('alumni_assoc')));
    assert.equal((await t.db.select().from(purposes).where(eq(purposes.code, 'alumni'))).length, 0);
    assert.deepEqual(await currentNoticeVersion(t.db), noticeBefore);
  });

  test('[INVENTORY] only the admin edits the draft, only the dpo approves it', async () => {
    for (const role of ['dpo', 'agent', 'auditor'] as const)
      await assert.rejects(save('category', null, newCategory(`by_${role}`), staff[role]), isRefused('forbidden'));
    for (const role of ['admin', 'agent', 'auditor'] as const)
      await assert.rejects(approve(staff[role]), isRefused('forbidden'));
    await assert.rejects(
      t.db.transaction((tx) => approveDraft(tx, null as unknown as Staff)),
      isRefused('forbidden'),
    );
    assert.equal((await currentNoticeVersion(t.db))!.version, 1);
  });

  test('[INVENTORY] a record missing a language cannot be approved', async () => {
    const id = await save('category', null, newCategory('half_done', L('Жарты', 'Половина', ' ')));
    await assert.rejects(approve(), isRefused('incomplete'));
    // The dpo can still read what the draft would publish (the draft page shows it, with what is missing).
    const preview = await previewDraft(t.db);
    assert.equal(preview.categories.find((c) => c.code === 'half_done')?.name.en, ' ');
    assert.equal((await currentNoticeVersion(t.db))!.version, 1);
    assert.equal((await listPendingChanges(t.db)).length, 5, 'the draft stays as it was');
    const [change] = await t.db
      .select({ id: inventoryChanges.id })
      .from(inventoryChanges)
      .where(and(eq(inventoryChanges.entityId, id), isNull(inventoryChanges.version)));
    await t.db.transaction((tx) => discardDraftChange(tx, staff.admin, change!.id));
  });

  test('[INVENTORY] Art. 25(2)(1): approval applies the draft as version N+1, stamps the changes, and the diff names what changed', async () => {
    const result = await approve();
    assert.deepEqual(result, { version: 2, changes: 4, reconsent: 0 });
    assert.equal((await currentNoticeVersion(t.db))!.version, 2);
    assert.deepEqual(await listPendingChanges(t.db), []);
    const stamped = await t.db.select().from(inventoryChanges).where(eq(inventoryChanges.version, 2));
    assert.equal(stamped.length, 4);

    // The new records keep the ids the draft gave them.
    assert.equal(await idOf(dataCategories, 'diploma'), diplomaId);
    assert.equal(await idOf(recipients, 'alumni_assoc'), recipientId);
    assert.equal(await idOf(purposes, 'alumni'), alumniId);

    const v1 = (await findNoticeVersion(t.db, 1))!.snapshot;
    const v2 = (await findNoticeVersion(t.db, 2))!.snapshot;
    const alumni = v2.purposes.find((p) => p.code === 'alumni')!;
    assert.deepEqual(alumni.categoryCodes?.toSorted(), ['diploma', 'email']);
    assert.deepEqual(alumni.recipientCodes, ['alumni_assoc']);
    assert.equal(alumni.name.kk, 'Түлектер қауымдастығы');

    const diff = diffSnapshots(v1, v2);
    const summary = diff.map((d) => [d.section, d.code, d.kind, d.fields.map((f) => f.field)]);
    assert.deepEqual(summary.toSorted(), [
      ['categories', 'diploma', 'added', []],
      ['categories', 'education', 'changed', ['name']],
      ['purposes', 'alumni', 'added', []],
      ['recipients', 'alumni_assoc', 'added', []],
    ]);
    const education = diff.find((d) => d.code === 'education')!.fields[0]!;
    assert.deepEqual(
      education.before,
      L('Білімі және біліктілігі', 'Образование и квалификация', 'Education and qualification'),
    );
    assert.deepEqual(education.after, L('Білімі', 'Образование', 'Education'));
  });

  test('[INVENTORY] Art. 8(4): a recipient added to a purpose on consent asks for consent again', async () => {
    const newsletterId = await idOf(purposes, 'newsletter');
    const smartPayId = await idOf(recipients, 'smart_pay');
    const newsletter = (await recordForEditing(t.db, 'purpose', newsletterId))!.record;
    await save('purpose', newsletterId, { ...newsletter, recipients: [smartPayId] });

    const consentsOf = (code: string) =>
      t.db
        .select({ id: consents.id, state: consents.state, reconsentVersion: consents.reconsentVersion })
        .from(consents)
        .innerJoin(consentPurposes, eq(consentPurposes.consentId, consents.id))
        .innerJoin(purposes, eq(purposes.id, consentPurposes.purposeId))
        .where(eq(purposes.code, code));
    const active = (await consentsOf('newsletter')).filter((c) => c.state === 'active');
    assert.ok(active.length > 0, 'the demo has active newsletter consents');
    const others = await consentsOf('training_contract');
    assert.ok(others.length > 0);
    assert.ok(
      others.every((c) => !active.some((a) => a.id === c.id)),
      'one consent per purpose',
    );

    const result = await approve();
    assert.equal(result.version, 3);
    assert.equal(result.reconsent, active.length);
    for (const c of await consentsOf('newsletter'))
      assert.equal(c.reconsentVersion, c.state === 'active' ? 3 : null, `consent ${c.id} (${c.state})`);
    for (const c of await consentsOf('training_contract')) assert.equal(c.reconsentVersion, null);
    for (const c of await consentsOf('career_matching')) assert.equal(c.reconsentVersion, null);
  });

  test('[INVENTORY] a category or recipient in use cannot be retired; a retired record leaves the notice, not the tables', async () => {
    const educationId = await idOf(dataCategories, 'education');
    const retire = (entity: 'category' | 'recipient' | 'purpose', id: string) =>
      t.db.transaction((tx) => retireDraftRecord(tx, staff.admin, entity, id));
    await assert.rejects(retire('category', educationId), isRefused('inUse'));
    await assert.rejects(retire('category', diplomaId), isRefused('inUse'));
    await assert.rejects(retire('recipient', recipientId), isRefused('inUse'));
    // Only the admin retires.
    await assert.rejects(
      t.db.transaction((tx) => retireDraftRecord(tx, staff.dpo, 'purpose', alumniId)),
      isRefused('forbidden'),
    );

    // Once the purpose that uses them is retired in the draft, they may go too.
    await retire('purpose', alumniId);
    await retire('category', diplomaId);
    await retire('recipient', recipientId);
    // A new draft purpose may not link to what is being retired.
    await assert.rejects(save('purpose', null, newPurpose('uses_retired', [diplomaId], [])), isRefused('invalid'));
    const { version } = await approve();
    assert.equal(version, 4);

    const snapshot = (await findNoticeVersion(t.db, 4))!.snapshot;
    assert.ok(!snapshot.purposes.some((p) => p.code === 'alumni'));
    assert.ok(!snapshot.categories.some((c) => c.code === 'diploma'));
    assert.ok(!snapshot.recipients.some((r) => r.code === 'alumni_assoc'));
    const [row] = await t.db.select().from(dataCategories).where(eq(dataCategories.id, diplomaId));
    assert.ok(row?.retiredAt, 'kept, retired');
    // A retired record is not edited back to life.
    await assert.rejects(save('category', diplomaId, newCategory('diploma')), isRefused('notFound'));
    // The past version still shows them.
    assert.ok((await findNoticeVersion(t.db, 2))!.snapshot.purposes.some((p) => p.code === 'alumni'));
    const diff = diffSnapshots((await findNoticeVersion(t.db, 3))!.snapshot, snapshot);
    assert.deepEqual(diff.map((d) => [d.section, d.code, d.kind]).toSorted(), [
      ['categories', 'diploma', 'removed'],
      ['purposes', 'alumni', 'removed'],
      ['recipients', 'alumni_assoc', 'removed'],
    ]);
  });

  test('[INVENTORY] codes are unique across the live inventory and the draft', async () => {
    const emailId = await idOf(dataCategories, 'email');
    const email = (await recordForEditing(t.db, 'category', emailId))!.record as CategoryRecord;
    const taken = [{ field: 'code', key: 'inventory.errors.codeTaken' }];
    assert.deepEqual(await checkAgainstInventory(t.db, 'category', null, newCategory('email')), taken);
    assert.deepEqual(await checkAgainstInventory(t.db, 'category', emailId, email), [], 'its own code');
    // A retired record's code stays taken: past versions name it.
    assert.deepEqual(await checkAgainstInventory(t.db, 'category', null, newCategory('diploma')), taken);
    // A code in the draft, for another new record.
    await save('category', null, newCategory('transcript'));
    assert.deepEqual(await checkAgainstInventory(t.db, 'category', null, newCategory('transcript')), taken);
    await assert.rejects(save('category', null, newCategory('transcript')), isRefused('invalid'));
    // The same code in another table is not a clash.
    assert.deepEqual(
      await checkAgainstInventory(t.db, 'recipient', null, { ...alumniRecipient, code: 'transcript' }),
      [],
    );
    const pending = await t.db
      .select()
      .from(inventoryChanges)
      .where(and(isNull(inventoryChanges.version), inArray(inventoryChanges.entity, ['category'])));
    assert.equal(pending.length, 1);
  });
});
