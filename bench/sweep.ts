import { performance } from 'node:perf_hooks';
import { percentile } from './database';

/**
 * Every page a person reaches by following the portal's links, timed at the scale filled: the
 * subject from /kk/me, each staff role from /kk/admin. Issue 15's table names the pages a load test
 * found slow; an operator with a million people also opens the dashboard, a request, a subject's
 * registers and the inventory, and none of them may read the whole history. A page is known by
 * its route (ids and references replaced, so that a thousand requests count once) and the names
 * of its query's parameters (a queue filtered by type is a view of its own; each type, year or
 * cursor is not).
 */

export type SweepRole = { name: string; headers: Record<string, string>; start: string };
export type SweptPage = {
  route: string;
  url: string;
  role: string;
  status: number;
  kb: number;
  p50: number;
  p95: number;
  max: number;
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Links that are files, downloads, sign-out or other languages' copies, not pages of this one. */
const SKIPPED = /\/api\/|\/attachments\/|sign-out|\.(csv|pdf|json|txt)\b|\/export\b|\/demo-mailbox|\/sign-in/;

/** The route and view a link opens: ids and references replaced, the query's values dropped. */
export function routeOf(href: string): string {
  const url = new URL(href, 'http://x');
  const path = url.pathname
    .replace(UUID, ':id')
    .replace(/\b\d{4}-\d{6}\b/g, ':ref')
    .replace(/\/\d+(?=\/|$)/g, '/:n');
  const params = [...new Set(url.searchParams.keys())].sort();
  return params.length ? `${path}?${params.join('&')}` : path;
}

/** The same-language links of a page, as paths with their query. */
export function linksOf(html: string, locale: string): string[] {
  const found = new Set<string>();
  for (const [, raw] of html.matchAll(/href="([^"#]*)"/g)) {
    const href = raw!.replaceAll('&amp;', '&');
    if (!href.startsWith(`/${locale}/`) && href !== `/${locale}`) continue;
    if (SKIPPED.test(href)) continue;
    found.add(href);
  }
  return [...found];
}

async function timed(url: string, headers: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(url, { headers, redirect: 'manual' });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

/**
 * Crawls from each role's start page (breadth first, up to `maxRoutes` routes in all, each route
 * opened once in the crawl), then times every route found: one request to warm it, then
 * `requests` one after another (three when the first took more than two seconds).
 */
export async function sweepPages(
  base: string,
  roles: SweepRole[],
  { requests = 20, maxRoutes = 200, locale = 'kk' } = {},
): Promise<SweptPage[]> {
  const routes = new Map<string, { url: string; role: SweepRole }>();
  for (const role of roles) {
    // Each role crawls the routes it can open itself (another role's page may link elsewhere);
    // a route is timed once, as the first role that opened it.
    const queue = [role.start];
    const crawled = new Set<string>();
    while (queue.length && routes.size < maxRoutes) {
      const url = queue.shift()!;
      const route = routeOf(url);
      if (crawled.has(route)) continue;
      crawled.add(route);
      const page = await timed(`${base}${url}`, role.headers);
      // A page this role may not open (403, 404) or that sends it elsewhere is another role's.
      if (page.status !== 200) continue;
      if (!routes.has(route)) routes.set(route, { url, role });
      for (const link of linksOf(page.body, locale)) if (!crawled.has(routeOf(link))) queue.push(link);
    }
  }
  const swept: SweptPage[] = [];
  for (const [route, { url, role }] of routes) {
    const warm = await timed(`${base}${url}`, role.headers);
    const times: number[] = [];
    let last = warm;
    for (let i = 0; i < (warm.ms > 2000 ? 3 : requests); i++) {
      last = await timed(`${base}${url}`, role.headers);
      times.push(last.ms);
    }
    // BENCH_SWEEP_TRACE=1: each route's times in the order they came. A slow request that recurs
    // every few requests is a statement's (round 16: a count that sometimes read the table from
    // its start); one slow request at the start is a cold cache.
    if (process.env.BENCH_SWEEP_TRACE) console.log('times', route, times.map((t) => t.toFixed(0)).join(' '));
    times.sort((a, b) => a - b);
    swept.push({
      route,
      url,
      role: role.name,
      status: last.status,
      kb: Buffer.byteLength(last.body) / 1024,
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      max: times.at(-1)!,
    });
  }
  return swept.sort((a, b) => b.p50 - a.p50);
}
