import { createHash } from 'node:crypto';
import { processCaches } from '@/lib/cache/process';
import { env } from '@/lib/env';
import { logger } from '@/lib/log';

/**
 * The home page and the sign-in page, in each language, are the pages everyone arriving asks for
 * (and every crawler), and they are the same for every visitor who is not signed in. So this
 * process renders each once and answers such visitors with that copy (proxy.ts), instead of
 * rendering the same page again for every request:
 *
 * - Only for a plain GET or HEAD of the page without a query (`?next=`, `?error=` change the
 *   sign-in page), from a visitor without a session cookie (the only cookie a page reads), and never
 *   for Next.js's own requests (a client navigation's RSC payload, a server action).
 * - What these pages show from the database is the operator's profile and the deadline policies,
 *   both kept by this process (lib/cache/process.ts), which drops its copy on a change (NOTIFY) or
 *   after its TTL. A page's copy is used only while both copies it was rendered from are still the
 *   ones kept; otherwise the page is rendered again. A process that keeps neither keeps no page.
 * - A nonce cannot protect a page sent to many visitors. The copy's policy instead allows the
 *   SHA-256 of each of its inline scripts (Next.js's bootstrap and its RSC payload) and the
 *   portal's own files for the chunks: an injected inline script matches no hash and does not run.
 * - The copy is made by asking this same server for the page, marked so that it renders afresh;
 *   if that fails the visitor's request simply renders, as every page does, and so do the next
 *   ones for half a minute (with a warning in the log).
 */
export const RENDER_AFRESH_HEADER = 'x-derbes-render-afresh';

const PAGE = /^\/(kk|ru|en)(\/sign-in)?$/;
// Requests of Next.js's client router or of a server action, which expect something else than the HTML page.
const NEXT_REQUEST_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-action'];
// Of the rendered page's headers, those that describe the page; the rest is set for each answer. Not
// next-intl's Link header or locale cookie: they are each visitor's (the proxy adds them).
const KEPT_HEADERS = ['content-type', 'vary', 'cache-control'];

export type SharedPage = { body: string; headers: [string, string][]; scriptHashes: string[] };
type Copy = SharedPage & { sources: unknown[] };
type Rendering = { sources: unknown[]; copy: Promise<Copy | null> };
type Store = { copies: Map<string, Copy>; rendering: Map<string, Rendering>; failedAt: number };

const store = ((globalThis as unknown as { derbesSharedPages?: Store }).derbesSharedPages ??= {
  copies: new Map(),
  rendering: new Map(),
  failedAt: -Infinity,
});
// After a copy could not be made, pages render as usual for a while instead of being asked twice.
const RETRY_AFTER_MS = 30_000;

type PageRequest = {
  method: string;
  headers: Headers;
  nextUrl: { pathname: string; search: string };
  cookies: { has(name: string): boolean };
};

/** Whether this request may be answered with the page's shared copy. */
export function isSharedPageRequest(request: PageRequest, sessionCookies: readonly string[]): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (!PAGE.test(request.nextUrl.pathname) || request.nextUrl.search) return false;
  if (request.headers.has(RENDER_AFRESH_HEADER)) return false;
  if (NEXT_REQUEST_HEADERS.some((name) => request.headers.has(name))) return false;
  return !sessionCookies.some((name) => request.cookies.has(name));
}

/** The page's copy, rendered now if there is none or the data it shows changed; null to render as usual. */
export async function sharedPage(pathname: string): Promise<SharedPage | null> {
  const sources = currentSources();
  if (!sources) return null;
  const copy = store.copies.get(pathname);
  if (copy && sameSources(copy.sources, sources)) return copy;
  if (performance.now() - store.failedAt < RETRY_AFTER_MS) return null;
  // Requests arriving while the copy renders wait for it, unless what it shows has changed since.
  const inFlight = store.rendering.get(pathname);
  if (inFlight && sameSources(inFlight.sources, sources)) return inFlight.copy;
  const rendering: Rendering = { sources, copy: renderCopy(pathname, sources) };
  store.rendering.set(pathname, rendering);
  void rendering.copy.finally(() => {
    if (store.rendering.get(pathname) === rendering) store.rendering.delete(pathname);
  });
  return rendering.copy;
}

/** The process's copies of what the pages show: their identity changes when either is read again. */
function currentSources(): unknown[] | null {
  const caches = processCaches();
  // Only their identity counts here; a failed read is handled by the cache and reported by the page.
  return caches ? [caches.operatorProfile.get(), caches.deadlines.get()] : null;
}

const sameSources = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((value, i) => value === b[i]);

async function renderCopy(pathname: string, sources: unknown[]): Promise<Copy | null> {
  try {
    const response = await fetch(`${ownAddress()}${pathname}`, {
      headers: { [RENDER_AFRESH_HEADER]: '1', accept: 'text/html' },
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/html'))
      throw new Error(`the page answered ${response.status} ${response.headers.get('content-type') ?? ''}`);
    const { body, scriptHashes } = withoutNonces(await response.text());
    const headers = KEPT_HEADERS.flatMap((name): [string, string][] => {
      const value = response.headers.get(name);
      return value === null ? [] : [[name, value]];
    });
    const copy = { body, headers, scriptHashes, sources };
    // Kept only if what it was rendered from is still what the process keeps.
    const now = currentSources();
    if (now && sameSources(now, sources)) store.copies.set(pathname, copy);
    return copy;
  } catch (error) {
    store.failedAt = performance.now();
    logger('web').warn(
      { err: error, page: pathname, retryInSeconds: RETRY_AFTER_MS / 1000 },
      'the shared copy of a public page could not be made; it renders for each visitor meanwhile',
    );
    return null;
  }
}

/** Where this server listens, as seen from itself. */
function ownAddress(): string {
  const { HOST, PORT } = env();
  const host = !HOST || HOST === '0.0.0.0' ? '127.0.0.1' : HOST === '::' ? '::1' : HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${PORT}`;
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;
const NONCE = /\snonce="[^"]*"/g;

/**
 * The page without the nonce attributes it was rendered with (the same for every visitor, so no
 * secret), and the SHA-256 of each inline script's text, for the policy. The RSC payload inside
 * those scripts still names that nonce, unchanged so that the hashes hold; no policy sent with the
 * copy names it, so it admits nothing.
 */
export function withoutNonces(html: string): { body: string; scriptHashes: string[] } {
  const inline: string[] = [];
  const body = html.replace(SCRIPT, (_, attributes: string, text: string) => {
    const kept = attributes.replace(NONCE, '');
    if (!/\ssrc=/.test(kept)) inline.push(text);
    return `<script${kept}>${text}</script>`;
  });
  const hashes = inline.map((text) => `sha256-${createHash('sha256').update(text).digest('base64')}`);
  return { body: body.replace(/<link\b[^>]*>/g, (tag) => tag.replace(NONCE, '')), scriptHashes: [...new Set(hashes)] };
}
