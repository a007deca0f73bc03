import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { requests } from '@/db/schema/requests';
import {
  allowExtensionAsAdministrativeBody,
  createSeededTestDatabase,
  createSubjectWithItems,
  type TestDatabase,
} from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';
import { fileRequest } from '@/lib/requests/file';
import { extendDeadline } from './work';

let t: TestDatabase;
let dpo: Staff;
let subjectId: string;
const refused = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

before(async () => {
  t = await createSeededTestDatabase();
  const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, 'dpo'));
  dpo = { id: user!.id, role: 'dpo' };
  subjectId = (await createSubjectWithItems(t.db)).subject.id;
});
after(() => t.drop());

const fileAccess = (registeredAt: Date) =>
  t.db.transaction((tx) => fileRequest(tx, { subjectId, type: 'ACCESS', registeredAt, notify: false }));
const extend = (request: { id: string }) =>
  t.db.transaction((tx) =>
    extendDeadline(tx, dpo, { requestId: request.id, version: 1, workingDays: 2, reason: 'Архив' }),
  );

describe('[DEADLINE] extensions only where the Law allows one, and only in time', () => {
  test('[DEADLINE] Law 94-V provides no extension: the default statute refuses one', async () => {
    await assert.rejects(extend(await fileAccess(new Date())), refused('noExtension'));
  });

  test('[DEADLINE] no extension after the deadline has passed', async () => {
    // Only an administrative body may extend (APPK Art. 76(3)); even then, never once overdue.
    await allowExtensionAsAdministrativeBody(t.db, 'ACCESS', 5);
    const overdue = await fileAccess(new Date(Date.now() - 40 * 86_400_000));
    await assert.rejects(extend(overdue), refused('deadlinePassed'));
    const [unchanged] = await t.db.select().from(requests).where(eq(requests.id, overdue.id));
    assert.equal(unchanged?.state, 'REGISTERED');
    assert.equal(unchanged?.dueAt.toISOString(), overdue.dueAt.toISOString());
    // A request whose deadline still runs can be extended.
    const running = await fileAccess(new Date());
    await extend(running);
    const [extended] = await t.db.select().from(requests).where(eq(requests.id, running.id));
    assert.equal(extended?.state, 'EXTENDED');
    assert.ok(extended!.dueAt > running.dueAt);
  });
});
