// Beside db/schema rather than in it: drizzle-kit loads every file in that folder.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { seedReferenceData } from '@/db/seed/reference';
import { dataCategories } from './schema/inventory';
import { dataItems, subjects } from './schema/subjects';
import { requests } from './schema/requests';

let t: TestDatabase;
let subjectId: string;
let categoryId: string;
before(async () => {
  t = await createTestDatabase();
  await seedReferenceData(t.db);
  const [subject] = await t.db.insert(subjects).values({ fullName: 'Test Subject', email: 'c@example.kz' }).returning();
  subjectId = subject!.id;
  const [category] = await t.db
    .insert(dataCategories)
    .values({ code: 'x', name: { kk: 'x', ru: 'x', en: 'x' }, description: { kk: 'x', ru: 'x', en: 'x' } })
    .returning();
  categoryId = category!.id;
});
after(() => t.drop());

/** Drizzle wraps PostgreSQL's error; the constraint's name is in its cause. */
const violates = (constraint: string) => (error: Error) =>
  String((error.cause as { constraint_name?: string } | undefined)?.constraint_name ?? '').includes(constraint);

const request = (values: Partial<typeof requests.$inferInsert> = {}) => ({
  reference: '2026-000001',
  subjectId,
  type: 'ACCESS' as const,
  registeredAt: new Date('2026-11-23T05:00:00Z'),
  deadlineFrom: new Date('2026-11-23T05:00:00Z'),
  deadlineWorkingDays: 3,
  dueAt: new Date('2026-11-26T18:59:59Z'),
  originalDueAt: new Date('2026-11-26T18:59:59Z'),
  ...values,
});

describe('[SCHEMA] the database enforces what must always hold', () => {
  test('[SCHEMA] Art. 8(4)(1): an IIN is 12 digits with a valid check digit', async () => {
    await assert.rejects(t.db.insert(subjects).values({ fullName: 'A', iin: '12345' }), violates('subjects_iin_valid'));
    await assert.rejects(
      t.db.insert(subjects).values({ fullName: 'A', iin: '950512401234' }),
      violates('subjects_iin_valid'),
    );
    await t.db.insert(subjects).values({ fullName: 'A', iin: '950512401233' });
  });

  test('[SCHEMA] Art. 1(6): a destroyed item has no value, and an active one has one', async () => {
    const item = { subjectId, categoryId, source: 'subject' as const, method: 'manual' as const };
    await assert.rejects(
      t.db.insert(dataItems).values({ ...item, value: 'still here', state: 'destroyed', destroyedAt: new Date() }),
      violates('data_items_destroyed_has_no_value'),
    );
    await assert.rejects(
      t.db.insert(dataItems).values({ ...item, value: null }),
      violates('data_items_destroyed_has_no_value'),
    );
    await t.db.insert(dataItems).values({ ...item, value: null, state: 'destroyed', destroyedAt: new Date() });
  });

  test('[SCHEMA] Art. 25(2)(7), 8(7): a refused request carries its reason, legal basis and text', async () => {
    await assert.rejects(
      t.db
        .insert(requests)
        .values(request({ state: 'REFUSED', completedAt: new Date(), refusalReasonCode: 'no_grounds' })),
      violates('requests_refusal_is_reasoned'),
    );
    await t.db.insert(requests).values(
      request({
        reference: '2026-000002',
        state: 'REFUSED',
        completedAt: new Date(),
        refusalReasonCode: 'no_grounds',
        refusalLegalBasis: 'Art. 8(2)',
        refusalText: 'An obligation under the contract is unfulfilled.',
      }),
    );
  });

  test('[SCHEMA] a request reference is unique and shaped like 2026-000123', async () => {
    await t.db.insert(requests).values(request({ reference: '2026-000003' }));
    await assert.rejects(
      t.db.insert(requests).values(request({ reference: '2026-000003' })),
      violates('requests_reference_unique'),
    );
    await assert.rejects(
      t.db.insert(requests).values(request({ reference: 'R-1' })),
      violates('requests_reference_format'),
    );
  });

  test('[SCHEMA] names are kept in all three languages', async () => {
    await assert.rejects(
      t.db
        .insert(dataCategories)
        .values({ code: 'y', name: { kk: 'y', ru: 'y' } as never, description: { kk: 'y', ru: 'y', en: 'y' } }),
      violates('data_categories_name_localized'),
    );
  });

  test('[SCHEMA] a worked weekend day in the calendar must be a Saturday or Sunday', async () => {
    await assert.rejects(
      t.db.execute(
        sql`insert into calendar_days (day, kind, name, source) values ('2026-11-25', 'working_day', '{"kk":"a","ru":"a","en":"a"}', 'test')`,
      ),
      violates('calendar_days_working_day_on_weekend'),
    );
  });
});
