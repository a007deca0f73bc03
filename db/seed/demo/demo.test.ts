import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, isNotNull } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { calendarDays, deadlinePolicies } from '@/db/schema/calendar';
import { consents } from '@/db/schema/consents';
import { dataCategories, purposes, recipients } from '@/db/schema/inventory';
import { operatorProfile } from '@/db/schema/operator';
import { dataItems, subjects } from '@/db/schema/subjects';
import { createSeededTestDatabase, type TestDatabase } from '@/db/testing';
import { verifyAuditChain } from '@/lib/audit/verify';
import { isValidIin } from '@/lib/iin';
import { isDemoSeeded } from '@/db/seed/demo';

let t: TestDatabase;
before(async () => {
  t = await createSeededTestDatabase();
});
after(() => t.drop());

describe('[SEED] the demo looks like a real Kazakhstan operator', () => {
  test('[SEED] Art. 12(2), 25(3): an LLP with a valid BIN, an address, a responsible person and data stored in Kazakhstan', async () => {
    const [operator] = await t.db.select().from(operatorProfile);
    assert.ok(operator && isValidIin(operator.bin));
    assert.equal(operator.storageCountry, 'KZ');
    assert.match(operator.name.ru, /ТОО/);
    assert.ok(operator.responsibleName && operator.responsibleEmail && operator.responsiblePhone);
  });

  test('[SEED] Art. 25(2)(1): at least six data categories, including IIN and employer', async () => {
    const codes = (await t.db.select({ code: dataCategories.code }).from(dataCategories)).map((c) => c.code);
    for (const code of ['full_name', 'email', 'phone', 'education', 'iin', 'employer'])
      assert.ok(codes.includes(code), code);
  });

  test("[SEED] Art. 7(1), 9: four purposes on the Law's grounds (consent, an Art. 9 case by its sub-point), different retention rules, one automated", async () => {
    const rows = await t.db.select().from(purposes);
    assert.ok(rows.length >= 4);
    assert.deepEqual([...new Set(rows.map((p) => p.legalBasis))].sort(), ['art9', 'consent']);
    assert.ok(rows.filter((p) => p.legalBasis === 'art9').every((p) => p.art9Point !== null));
    // The training contract's processing rests on the consent given with the contract (Art. 8(2) lock).
    assert.equal(rows.find((p) => p.code === 'training_contract')?.legalBasis, 'consent');
    assert.ok(new Set(rows.map((p) => `${p.retentionKind}:${p.retentionMonths}:${p.retentionFrom}`)).size >= 3);
    assert.ok(rows.some((p) => p.isAutomated));
  });

  test('[SEED] Art. 16: three recipients, one abroad with its cross-border basis', async () => {
    const rows = await t.db.select().from(recipients);
    assert.equal(rows.length, 3);
    const abroad = rows.filter((r) => r.country !== 'KZ');
    assert.equal(abroad.length, 1);
    assert.ok(abroad[0]!.crossBorderBasis);
  });

  test('[SEED] four subjects with data items and consents, one consent locked by an unfulfilled obligation (Art. 8(2))', async () => {
    const people = await t.db.select().from(subjects);
    assert.equal(people.length, 4);
    assert.deepEqual(new Set(people.map((p) => p.locale)), new Set(['kk', 'ru', 'en']));
    for (const person of people) {
      assert.ok((await t.db.select().from(dataItems).where(eq(dataItems.subjectId, person.id))).length >= 4);
      assert.ok((await t.db.select().from(consents).where(eq(consents.subjectId, person.id))).length >= 1);
    }
    const locked = await t.db.select().from(consents).where(isNotNull(consents.withdrawalLock));
    assert.equal(locked.length, 1);
    assert.equal(locked[0]!.withdrawalLock, 'obligation');
  });

  test('[SEED] one staff account per role', async () => {
    const roles = (await t.db.select({ role: users.role }).from(users)).map((u) => u.role).sort();
    assert.deepEqual(roles, ['admin', 'agent', 'auditor', 'dpo']);
  });

  test('[SEED] the 2024–2026 holiday calendar and every deadline policy', async () => {
    assert.ok((await t.db.select().from(calendarDays)).length >= 45);
    assert.equal((await t.db.select().from(deadlinePolicies)).length, 10);
  });

  test('[SEED] seeding leaves an intact audit chain and is done once', async () => {
    assert.equal((await verifyAuditChain(t.db)).intact, true);
    assert.equal(await t.db.transaction((tx) => isDemoSeeded(tx)), true);
  });
});
