import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema/auth';
import { attachments, requests } from '@/db/schema/requests';
import { createSeededTestDatabase, createSubjectWithItems, type TestDatabase } from '@/db/testing';
import type { Staff } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';
import type { Upload } from '@/lib/files/attachments';
import { registerIntake } from './intake';

let t: TestDatabase;
let agent: Staff;
before(async () => {
  t = await createSeededTestDatabase();
  const [a] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'agent@dalabilim.kz'));
  agent = { id: a!.id, role: 'agent' };
});
after(() => t.drop());

const yesterday = () => new Date(Date.now() - 86_400_000);
const scan: Upload = {
  fileName: 'scan.pdf',
  contentType: 'application/pdf',
  content: Buffer.from('%PDF-1.4 scan'),
  sha256: 'f'.repeat(64),
  byteSize: 13,
};

describe('[INTAKE] Art. 10(2): a request received on paper or by e-mail is registered by staff', () => {
  test('[INTAKE] a request by e-mail is registered without a scan: the e-mail itself is the document', async () => {
    const { subject } = await createSubjectWithItems(t.db, { categories: ['full_name'] });
    const filed = await t.db.transaction((tx) =>
      registerIntake(tx, agent, {
        subjectId: subject.id,
        request: { type: 'ACCESS', description: null },
        channel: 'email',
        registeredAt: yesterday(),
        uploads: [],
        idempotencyKey: null,
      }),
    );
    const [request] = await t.db.select().from(requests).where(eq(requests.id, filed.id));
    assert.equal(request?.channel, 'email');
    assert.equal((await t.db.select().from(attachments).where(eq(attachments.requestId, filed.id))).length, 0);
  });

  test('[INTAKE] a request on paper still needs its scan', async () => {
    const { subject } = await createSubjectWithItems(t.db, { categories: ['full_name'] });
    const register = (uploads: Upload[]) =>
      t.db.transaction((tx) =>
        registerIntake(tx, agent, {
          subjectId: subject.id,
          request: { type: 'ACCESS', description: null },
          channel: 'paper',
          registeredAt: yesterday(),
          uploads,
          idempotencyKey: null,
        }),
      );
    await assert.rejects(register([]), (error) => error instanceof DomainError && error.code === 'invalid');
    const filed = await register([scan]);
    assert.equal((await t.db.select().from(attachments).where(eq(attachments.requestId, filed.id))).length, 1);
  });
});
