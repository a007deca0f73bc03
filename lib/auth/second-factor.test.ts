import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema/audit';
import { sessions, staffFactors, users } from '@/db/schema/auth';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { applyEnv } from '@/lib/env';
import { hashSessionToken } from './token-hash';
import { pendingEnrollment, resetSecondFactor, submitSecondFactor } from './second-factor';
import { sessionExpiry } from './session-policy';
import { currentTotp, openTotpSecret } from './totp';

let t: TestDatabase;
before(async () => {
  applyEnv({ AUTH_SECRET: 'unit-test-secret-of-at-least-32-bytes!!' });
  t = await createTestDatabase();
});
after(() => t.drop());

async function staffWithSession(role: 'agent' | 'admin' = 'agent') {
  const [user] = await t.db
    .insert(users)
    .values({ email: `${role}-${crypto.randomUUID()}@example.kz`, role })
    .returning();
  const sessionId = hashSessionToken(crypto.randomUUID());
  await t.db
    .insert(sessions)
    .values({ sessionToken: sessionId, userId: user!.id, expires: new Date(Date.now() + 600_000) });
  return { id: user!.id, email: user!.email!, role, sessionId };
}

describe('[2FA] staff second factor (issue 10)', () => {
  test('[2FA] the first right code registers the authenticator and verifies the session; the same code never works twice', async () => {
    const agent = await staffWithSession();
    const { base32 } = await pendingEnrollment(t.db, agent);
    const again = await pendingEnrollment(t.db, agent);
    assert.equal(again.base32, base32, 'a reload shows the same QR code');
    const [stored] = await t.db.select().from(staffFactors).where(eq(staffFactors.userId, agent.id));
    assert.ok(!stored!.secret!.includes(base32), 'the secret is stored encrypted');
    assert.equal(openTotpSecret(stored!.secret!), base32);

    assert.deepEqual(await submitSecondFactor(t.db, agent, '123'), { ok: false, reason: 'invalid' });
    const code = currentTotp(base32);
    assert.deepEqual(await submitSecondFactor(t.db, agent, code), { ok: true });
    const [session] = await t.db.select().from(sessions).where(eq(sessions.sessionToken, agent.sessionId));
    assert.ok(session!.secondFactorAt);
    assert.deepEqual(await submitSecondFactor(t.db, agent, code), { ok: false, reason: 'invalid' }, 'replayed');
  });

  test('[2FA] an admin resets a factor: gone, sessions ended, audited; an admin cannot reset their own', async () => {
    const agent = await staffWithSession();
    const { base32 } = await pendingEnrollment(t.db, agent);
    await submitSecondFactor(t.db, agent, currentTotp(base32));
    const admin = await staffWithSession('admin');
    await t.db.transaction((tx) => resetSecondFactor(tx, admin, agent.id));
    assert.equal((await t.db.select().from(staffFactors).where(eq(staffFactors.userId, agent.id))).length, 0);
    assert.equal((await t.db.select().from(sessions).where(eq(sessions.userId, agent.id))).length, 0);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, agent.id));
    assert.ok(events.some((e) => e.action === 'second_factor_changed' && e.actorId === admin.id));
    await assert.rejects(
      t.db.transaction((tx) => resetSecondFactor(tx, admin, admin.id)),
      /invalid/,
    );
    await assert.rejects(
      t.db.transaction((tx) => resetSecondFactor(tx, agent, admin.id)),
      /forbidden/,
    );
  });
});

describe('[SESSIONS] how long a session lasts', () => {
  const start = new Date('2026-11-30T08:00:00Z');
  test('[SESSIONS] staff: 30 minutes from the last use, never past 12 hours after signing in', () => {
    assert.equal(sessionExpiry('agent', start, start).toISOString(), '2026-11-30T08:30:00.000Z');
    const late = new Date('2026-11-30T19:50:00Z');
    assert.equal(sessionExpiry('dpo', start, late).toISOString(), '2026-11-30T20:00:00.000Z');
  });
  test('[SESSIONS] subjects: 12 hours from the last use', () => {
    assert.equal(sessionExpiry('subject', start, start).toISOString(), '2026-11-30T20:00:00.000Z');
  });
});
