import { createHash } from 'node:crypto';

/** What the sessions table keeps of a token: its SHA-256, so a leaked table signs nobody in. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
