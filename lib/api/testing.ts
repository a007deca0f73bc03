import { randomBytes } from 'node:crypto';
import type { Db } from '@/db';
import type { ApiScope } from '@/db/schema/integrations';
import { systemActor } from '@/lib/audit/record';
import { createApiToken } from '@/lib/api/tokens';
import { iinCheckDigit } from '@/lib/iin';

/** What the API's tests share (app/api/v1/*.test.ts): a token made as the admin makes one, and a call as a system makes it. */
export type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Response | Promise<Response>;
export type Answer = { status: number; body: Record<string, unknown>; headers: Headers };

export async function makeToken(db: Db, scopes: ApiScope[], system = 'crm', days = 30) {
  const name = `test-${randomBytes(4).toString('hex')}`;
  const made = await db.transaction((tx) => createApiToken(tx, { name, system, scopes, days }, systemActor));
  return { ...made, name };
}

export async function call(
  handler: Handler,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; key?: string; params?: Record<string, string> } = {},
): Promise<Answer> {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  if (options.key) headers.set('Idempotency-Key', options.key);
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await handler(new Request(`http://localhost:3000/api/v1${path}`, { method, headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}

/** A valid IIN no one else has, by chance. */
export function newIin(): string {
  for (;;) {
    const first11 = `9${String(randomBytes(6).readUIntBE(0, 6) % 10_000_000_000).padStart(10, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
}

export const externalId = () => `API-${randomBytes(5).toString('hex')}`;
