import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/types';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { sessions, staffFactors } from '@/db/schema/auth';
import { env } from '@/lib/env';
import { hitLimit, limits } from '@/lib/rate-limit';
import { completeSecondFactor, type Person, type SecondFactorOutcome } from './second-factor';

/**
 * Passkeys (WebAuthn, via SimpleWebAuthn): a security key, or the phone's or laptop's own
 * fingerprint or face unlock. The portal is the relying party at AUTH_URL; the browser only
 * answers a challenge for that exact origin, so a phishing site cannot use a passkey. Each
 * challenge is kept on the browser's session row and answered once.
 */
const RP_NAME = 'Derbes';

function relyingParty() {
  const origin = env().AUTH_URL;
  return { origin, rpID: new URL(origin).hostname };
}

const descriptor = (f: { credentialId: string | null; transports: string[] | null }) => ({
  id: Buffer.from(f.credentialId!, 'base64url'),
  type: 'public-key' as const,
  transports: (f.transports ?? undefined) as AuthenticatorTransport[] | undefined,
});

async function passkeysOf(db: Db, userId: string) {
  return db
    .select()
    .from(staffFactors)
    .where(and(eq(staffFactors.userId, userId), eq(staffFactors.kind, 'passkey')));
}

async function keepChallenge(db: Db, person: Person, challenge: string) {
  await db.update(sessions).set({ challenge }).where(eq(sessions.sessionToken, person.sessionId));
}

/** The challenge given to this browser, taken: it answers once. */
async function consumeChallenge(db: Db, person: Person): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ challenge: sessions.challenge })
      .from(sessions)
      .where(eq(sessions.sessionToken, person.sessionId))
      .for('update');
    if (row?.challenge)
      await tx.update(sessions).set({ challenge: null }).where(eq(sessions.sessionToken, person.sessionId));
    return row?.challenge ?? null;
  });
}

/** What the browser needs to create a passkey for this staff member. */
export async function passkeyRegistrationOptions(db: Db, person: Person) {
  const { rpID } = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID,
    userID: person.id,
    userName: person.email,
    attestationType: 'none',
    excludeCredentials: (await passkeysOf(db, person.id)).map(descriptor),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await keepChallenge(db, person, options.challenge);
  return options;
}

/** Checks the new passkey against the challenge and keeps it; this session is then verified. */
export async function registerPasskey(
  db: Db,
  person: Person,
  response: RegistrationResponseJSON,
): Promise<SecondFactorOutcome> {
  const limit = await hitLimit(db, limits.secondFactorPerUser, person.id);
  if (!limit.allowed) return { ok: false, reason: 'limited', limit };
  const expectedChallenge = await consumeChallenge(db, person);
  if (!expectedChallenge) return { ok: false, reason: 'invalid' };
  const { origin, rpID } = relyingParty();
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
  }).catch(() => null);
  const info = verification?.verified ? verification.registrationInfo : undefined;
  if (!info) return { ok: false, reason: 'invalid' };
  await db.transaction(async (tx) => {
    const now = new Date();
    await tx.insert(staffFactors).values({
      userId: person.id,
      kind: 'passkey',
      credentialId: Buffer.from(info.credentialID).toString('base64url'),
      publicKey: Buffer.from(info.credentialPublicKey).toString('base64url'),
      counter: info.counter,
      transports: response.response.transports ?? null,
      confirmedAt: now,
      lastUsedAt: now,
    });
    await completeSecondFactor(tx, person, 'passkey');
  });
  return { ok: true };
}

/** What the browser needs to sign in with one of this staff member's passkeys (null: they have none). */
export async function passkeyAuthenticationOptions(db: Db, person: Person) {
  const keys = await passkeysOf(db, person.id);
  if (keys.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials: keys.map(descriptor),
    userVerification: 'preferred',
  });
  await keepChallenge(db, person, options.challenge);
  return options;
}

/**
 * Checks the passkey's answer. A signature counter that goes backwards means a cloned key: refused
 * (authenticators that keep no counter report 0 every time, which is allowed).
 */
export async function verifyPasskey(
  db: Db,
  person: Person,
  response: AuthenticationResponseJSON,
): Promise<SecondFactorOutcome> {
  const limit = await hitLimit(db, limits.secondFactorPerUser, person.id);
  if (!limit.allowed) return { ok: false, reason: 'limited', limit };
  const expectedChallenge = await consumeChallenge(db, person);
  const [key] = (await passkeysOf(db, person.id)).filter((k) => k.credentialId === response.id);
  if (!expectedChallenge || !key) return { ok: false, reason: 'invalid' };
  const { origin, rpID } = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    authenticator: {
      credentialID: Buffer.from(key.credentialId!, 'base64url'),
      credentialPublicKey: Buffer.from(key.publicKey!, 'base64url'),
      counter: key.counter ?? 0,
    },
    requireUserVerification: false,
  }).catch(() => null);
  if (!verification?.verified) return { ok: false, reason: 'invalid' };
  await db.transaction(async (tx) => {
    await tx
      .update(staffFactors)
      .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() })
      .where(eq(staffFactors.id, key.id));
    await completeSecondFactor(tx, person, null);
  });
  return { ok: true };
}
