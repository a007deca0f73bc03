import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/lib/env';

/**
 * An endpoint's signing secret (Standard Webhooks: `whsec_` and base64 of random bytes). The portal
 * needs it in clear to sign, so it is stored sealed with AES-256-GCM under a key derived from
 * AUTH_SECRET by HKDF — the same scheme as the staff second factor (lib/auth/totp.ts), with its own
 * label: a copy of the database alone cannot sign webhooks. Rotating AUTH_SECRET therefore means
 * rotating every endpoint's secret (the back office's "rotate secret").
 */
const PREFIX = 'whsec_';

let cached: { source: string; key: Buffer } | null = null;

function key(): Buffer {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set');
  if (cached?.source !== secret)
    cached = {
      source: secret,
      key: Buffer.from(hkdfSync('sha256', secret, 'derbes', 'webhook endpoint secrets v1', 32)),
    };
  return cached.key;
}

/** A new secret: 32 random bytes (the specification asks for 24 to 64). Shown once, to the admin. */
export function newEndpointSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

export function sealEndpointSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64'))).join(':');
}

export function openEndpointSecret(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(':');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('unknown webhook secret format');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}
