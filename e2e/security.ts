import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, BrowserContext } from '@playwright/test';
import type { FormState } from '@/lib/actions/form-state';
import { portalUrl } from './fixtures';

/**
 * What the security specs (security-*.spec.ts) share: the routes and server actions the portal
 * really has, read from the sources and from the build they run against, so that a new page, file
 * or action without a probe fails them; and a way to call a server action as a browser does.
 */

/** A route file of the app as the URL pattern it serves, without the locale: `/me/requests/[id]`. */
export type RouteFile = { pattern: string; kind: 'page' | 'route'; file: string };

/** Every page.tsx and route.ts under `app/[locale]/<group>/`. */
export function routeFilesOf(group: '(public)' | '(subject)' | '(operator)'): RouteFile[] {
  const root = path.join('app', '[locale]', group);
  const found: RouteFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'page.tsx' || entry.name === 'route.ts') {
        const segments = path
          .relative(root, dir)
          .split(path.sep)
          // Route groups, `(name)`, are not part of the URL.
          .filter((segment) => segment && !/^\(.*\)$/.test(segment));
        found.push({
          pattern: `/${segments.join('/')}`,
          kind: entry.name === 'page.tsx' ? 'page' : 'route',
          file: full,
        });
      }
    }
  };
  walk(root);
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** A server action of the build: its id, the file and export it comes from, and the pages that carry it. */
export type ServerAction = { id: string; file: string; name: string; pages: string[] };

/**
 * The server actions of the portal under test, from the build's own manifest (scripts/build.ts
 * builds `.next` before the portal starts; read it inside a test, once the portal is up).
 */
export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, action]) => ({
    id,
    file: action.filename,
    name: action.exportedName,
    // 'app/[locale]/(operator)/admin/staff/page' → '/admin/staff'
    pages: Object.keys(action.workers).map(
      (worker) =>
        '/' +
        worker
          .replace(/^app\/\[locale\]\//, '')
          .replace(/\/?page$/, '')
          .split('/')
          .filter((segment) => segment && !/^\(.*\)$/.test(segment))
          .join('/'),
    ),
  }));
}

/** Does `url` (without locale) match a route pattern such as `/admin/requests/[id]`? */
export function matchesPattern(url: string, pattern: string): boolean {
  const source = pattern.replace(/\[[^\]]+\]/g, '[^/]+');
  return new RegExp(`^${source}$`).test(url.split('?')[0]!);
}

export type Field = [name: string, value: string | File];

/** A PDF as a browser uploads it, with a name that can carry a marker. */
export const pdfFile = (name: string) =>
  new File([Buffer.from(`%PDF-1.4\n% ${name}\n`)], name, { type: 'application/pdf' });

export type ActionAnswer = {
  status: number;
  /** Where the portal sends the browser, if it does (the sign-in page, a filed request). */
  redirect: string | null;
  /** What the action answered the form, when it ran to its end. */
  result: FormState | null;
};

/**
 * Calls a server action as React does when a form bound with useActionState is sent: a POST to the
 * page that carries the form, with the `Next-Action` header, a same-site Origin and the arguments
 * (the previous state and the form) encoded as a multipart reply. The form's fields come first
 * and the root last, as the browser sends them: the server reads the parts in order.
 */
export async function callAction(
  request: APIRequestContext,
  page: string,
  action: ServerAction,
  fields: Field[],
): Promise<ActionAnswer> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(`_1_${name}`, value);
  form.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  const response = await request.post(page, {
    headers: { 'Next-Action': action.id, Origin: baseUrl(), Accept: 'text/x-component' },
    multipart: form,
    maxRedirects: 0,
  });
  const headers = response.headers();
  const redirect = headers['x-action-redirect']?.split(';')[0] ?? headers.location ?? null;
  return { status: response.status(), redirect, result: actionResult(await response.text()) };
}

/** The action's return value in a React Server Components answer: row 0 names the row that holds it. */
function actionResult(body: string): FormState | null {
  const rows = new Map<string, string>();
  for (const line of body.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  try {
    const root = JSON.parse(rows.get('0') ?? 'null') as { a?: string } | null;
    const ref = root?.a?.startsWith('$@') ? root.a.slice(2) : null;
    const row = ref ? rows.get(ref) : undefined;
    return row ? (JSON.parse(row) as FormState) : null;
  } catch {
    return null;
  }
}

export const baseUrl = portalUrl;

/**
 * A visitor with a session cookie the portal never issued: the proxy only sees that a cookie is
 * there and lets the request through, so what answers is the page's or action's own check.
 */
export async function forgedSessionContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addCookies([
    { name: 'authjs.session-token', value: randomBytes(32).toString('hex'), url: baseUrl(), httpOnly: true },
  ]);
  return context;
}

export const isSignInRedirect = (location: string | null | undefined) => Boolean(location?.includes('/sign-in'));

/** A marker no other test writes, to find (or not find) what a probe wrote. */
export const marker = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;

/** Kazakhstan time as a datetime-local field holds it, `ms` ago. */
export function kazakhstanLocal(msAgo: number): string {
  return new Date(Date.now() - msAgo + 5 * 3_600_000).toISOString().slice(0, 16);
}

/** A server action of the build by its exported name. */
export function actionNamed(name: string): ServerAction {
  const action = serverActions().find((a) => a.name === name);
  if (!action) throw new Error(`no server action ${name} in the build`);
  return action;
}
