import { and, desc, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { deleteSessionsOf } from '@/db/queries/sessions';
import { sessions, staffFactors, users, type StaffRole } from '@/db/schema/auth';
import { recordAudit } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { hitLimit, limits, type LimitResult } from '@/lib/rate-limit';
import { enrollmentOf, newTotpSecret, openTotpSecret, verifyTotp } from './totp';

export type Person = { id: string; email: string; role: StaffRole; sessionId: string };

/** The staff member's confirmed factors: their authenticator app and passkeys. */
export async function findConfirmedFactors(db: Db | Tx, userId: string) {
  return db
    .select()
    .from(staffFactors)
    .where(and(eq(staffFactors.userId, userId), isNotNull(staffFactors.confirmedAt)))
    .orderBy(desc(staffFactors.confirmedAt));
}

/** The confirmed authenticator app of a staff member, if any. */
export async function findConfirmedFactor(db: Db | Tx, userId: string) {
  const [factor] = await db
    .select()
    .from(staffFactors)
    .where(and(eq(staffFactors.userId, userId), eq(staffFactors.kind, 'totp'), isNotNull(staffFactors.confirmedAt)))
    .orderBy(desc(staffFactors.confirmedAt))
    .limit(1);
  return factor ?? null;
}

/**
 * The authenticator being registered: the same pending secret on every visit until it is
 * confirmed, so reloading the page does not invalidate a QR code already scanned.
 */
export async function pendingEnrollment(db: Db, person: { id: string; email: string }) {
  let [pending] = await db
    .select()
    .from(staffFactors)
    .where(and(eq(staffFactors.userId, person.id), eq(staffFactors.kind, 'totp'), isNull(staffFactors.confirmedAt)))
    .limit(1);
  if (!pending) {
    [pending] = await db.insert(staffFactors).values({ userId: person.id, secret: newTotpSecret().sealed }).returning();
  }
  const base32 = openTotpSecret(pending!.secret!);
  return { base32, ...(await enrollmentOf(base32, person.email)) };
}

/** `limited` carries the limit's verdict: the refusal says when the person may try again. */
export type SecondFactorOutcome =
  { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'limited'; limit: LimitResult };

/**
 * Checks a code against the person's authenticator — the confirmed one, or, when they have none,
 * the one being registered (which a right code confirms). A right code marks this session as
 * verified. Five wrong tries in 15 minutes lock the form for the rest of the window, and a code
 * already accepted is never accepted again (RFC 6238 §5.2).
 */
export async function submitSecondFactor(db: Db, person: Person, code: string): Promise<SecondFactorOutcome> {
  const limit = await hitLimit(db, limits.secondFactorPerUser, person.id);
  if (!limit.allowed) return { ok: false, reason: 'limited', limit };
  return db.transaction(async (tx) => {
    const confirmed = await findConfirmedFactor(tx, person.id);
    const [factor] = confirmed
      ? [confirmed]
      : await tx
          .select()
          .from(staffFactors)
          .where(
            and(eq(staffFactors.userId, person.id), eq(staffFactors.kind, 'totp'), isNull(staffFactors.confirmedAt)),
          )
          .for('update');
    if (!factor) return { ok: false, reason: 'invalid' } as const;
    const step = verifyTotp(openTotpSecret(factor.secret!), code);
    if (step === null || (factor.lastStep !== null && step <= factor.lastStep))
      return { ok: false, reason: 'invalid' } as const;
    const now = new Date();
    // Only one use of a step wins, even with two tabs sending the same code at once.
    const [used] = await tx
      .update(staffFactors)
      .set({ lastStep: step, lastUsedAt: now, confirmedAt: factor.confirmedAt ?? now })
      .where(
        and(
          eq(staffFactors.id, factor.id),
          factor.lastStep === null ? isNull(staffFactors.lastStep) : eq(staffFactors.lastStep, factor.lastStep),
        ),
      )
      .returning({ id: staffFactors.id });
    if (!used) return { ok: false, reason: 'invalid' } as const;
    if (!factor.confirmedAt) {
      // A newly registered authenticator app replaces any older one.
      await tx
        .delete(staffFactors)
        .where(and(eq(staffFactors.userId, person.id), eq(staffFactors.kind, 'totp'), ne(staffFactors.id, factor.id)));
    }
    await completeSecondFactor(tx, person, factor.confirmedAt ? null : 'totp');
    return { ok: true } as const;
  });
}

/**
 * The second factor was given: this session may enter the back office. Recorded as the second step
 * of signing in, and, for a factor just registered, as a change of the person's factors.
 */
export async function completeSecondFactor(tx: Tx, person: Person, registered: 'totp' | 'passkey' | null) {
  await tx
    .update(sessions)
    .set({ secondFactorAt: new Date(), challenge: null })
    .where(eq(sessions.sessionToken, person.sessionId));
  const actor = { id: person.id, role: person.role };
  // A factor just registered leaves no half-registered authenticator app behind.
  if (registered)
    await tx.delete(staffFactors).where(and(eq(staffFactors.userId, person.id), isNull(staffFactors.confirmedAt)));
  if (registered)
    await recordAudit(tx, {
      actor,
      action: 'second_factor_changed',
      entityType: 'user',
      entityId: person.id,
      details: { change: 'registered', kind: registered },
    });
  await recordAudit(tx, {
    actor,
    action: 'signed_in',
    entityType: 'user',
    entityId: person.id,
    details: { step: 'second_factor' },
  });
}

/** A staff member ends every session they have, this one included. */
export async function endAllSessions(tx: Tx, person: { id: string; role: StaffRole }): Promise<number> {
  const ended = await deleteSessionsOf(tx, person.id);
  await recordAudit(tx, {
    actor: { id: person.id, role: person.role },
    action: 'sessions_ended',
    entityType: 'user',
    entityId: person.id,
    details: { count: ended, by: 'self' },
  });
  return ended;
}

/**
 * An admin resets a staff member's second factor (a lost phone): the authenticator is removed and
 * every session ended, so the next sign-in registers a new one. An admin cannot reset their own:
 * another admin must, or a mailbox compromise would again be enough.
 */
export async function resetSecondFactor(
  tx: Tx,
  user: { id: string; role: StaffRole },
  userId: string,
): Promise<string> {
  const admin = authorize(user, 'staff.manage');
  if (userId === admin.id) throw new DomainError<StaffRefusal>('invalid');
  const [member] = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), ne(users.role, 'subject')));
  if (!member) throw new DomainError<StaffRefusal>('notFound');
  await tx.delete(staffFactors).where(eq(staffFactors.userId, member.id));
  const ended = await deleteSessionsOf(tx, member.id);
  await recordAudit(tx, {
    actor: admin,
    action: 'second_factor_changed',
    entityType: 'user',
    entityId: member.id,
    details: { change: 'reset', email: member.email, sessionsEnded: ended },
  });
  return member.email ?? '';
}
