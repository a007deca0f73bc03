import 'server-only';
import { headers } from 'next/headers';

/** Who is on the other end of this request, as far as the portal can tell. */
export type RequestClient = { address: string | null; userAgent: string | null };

const MAX_USER_AGENT = 512;

/**
 * The client's address and browser, for audit events and the staff's session list. The address
 * is the one X-Forwarded-For holds after the server's preload kept only what our own proxies
 * vouch for (TRUSTED_PROXY_HOPS, scripts/forwarded-headers.mjs): a client cannot choose it.
 * Outside a request (a job, the worker, the command line) both are null.
 */
export async function requestClient(): Promise<RequestClient> {
  let list: Headers;
  try {
    list = await headers();
  } catch {
    return { address: null, userAgent: null };
  }
  const address = list.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
  const userAgent = list.get('user-agent')?.slice(0, MAX_USER_AGENT) || null;
  return { address, userAgent };
}
