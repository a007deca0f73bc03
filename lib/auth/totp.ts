import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { env } from '@/lib/env';

/**
 * Authenticator-app codes (RFC 6238: SHA-1, six digits, 30 seconds — what every app reads from a
 * QR code). The shared secret is stored encrypted with a key derived from AUTH_SECRET, so a copy of
 * the database alone cannot produce codes; rotating AUTH_SECRET therefore means staff register
 * their authenticator again (an admin resets it).
 */
const ISSUER = 'Derbes';
const PERIOD = 30;

function key(): Buffer {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set');
  return Buffer.from(hkdfSync('sha256', secret, 'derbes', 'staff second factor v1', 32));
}

export function newTotpSecret(): { base32: string; sealed: string } {
  const base32 = new Secret({ size: 20 }).base32;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return {
    base32,
    sealed: ['v1', iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
      .join(':'),
  };
}

export function openTotpSecret(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(':');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('unknown second-factor secret format');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}

const totpFor = (base32: string, account: string) =>
  new TOTP({ issuer: ISSUER, label: account, secret: Secret.fromBase32(base32), period: PERIOD });

/** What the authenticator app scans: the otpauth:// address as a QR code (an SVG data URL), and the secret to type. */
export async function enrollmentOf(base32: string, account: string): Promise<{ qr: string; uri: string }> {
  const uri = totpFor(base32, account).toString();
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, uri };
}

/**
 * The time step a code belongs to, if it is right for now or the step before or after (a phone's
 * clock may be off by a few seconds). The caller refuses a step already used.
 */
export function verifyTotp(base32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(base32), period: PERIOD, window: 1, timestamp: now });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

/** The current code: for the demo mode's authenticator panel and for tests. */
export function currentTotp(base32: string, now = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(base32), period: PERIOD, timestamp: now });
}
