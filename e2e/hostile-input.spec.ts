import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { eq, sql } from 'drizzle-orm';
import type { StaffRole } from '@/db/schema/auth';
import { incidents } from '@/db/schema/compliance';
import { executionTaskItems, executionTasks, webhookEndpoints } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { dataItems } from '@/db/schema/subjects';
import { requestRepresentatives } from '@/db/schema/representatives';
import { requestEvents } from '@/db/schema/requests';
import {
  createStaff,
  createSubject,
  db,
  expect,
  messages,
  signInAs,
  signInAsSubject,
  signInByEmail,
  test,
  uniqueEmail,
} from './fixtures';

/**
 * Issue 10, point 2: hostile values in every query parameter of every page, as every kind of
 * visitor, and in every text field of every form. Nothing may answer 5xx or show a stack trace,
 * no script of ours may run, and the database may hold no control or bidi character afterwards.
 * The pages and route handlers are read from app/[locale]: one the tables below do not describe
 * fails the test.
 */

/** 'pending': staff signed in by e-mail who have not given their second factor yet. */
type Who = 'anonymous' | 'subject' | 'pending' | StaffRole;
const staffRoles: StaffRole[] = ['agent', 'dpo', 'admin', 'auditor'];

/** Every page, who can open it, and the query parameters it reads. */
const pages: Record<string, { who: Who[]; params: string[] }> = {
  '/': { who: ['anonymous', 'subject'], params: [] },
  '/privacy': { who: ['anonymous'], params: [] },
  '/privacy/versions': { who: ['anonymous'], params: [] },
  '/privacy/v/[version]': { who: ['anonymous'], params: [] },
  '/sign-in': { who: ['anonymous'], params: ['next', 'error'] },
  '/sign-in/check-email': { who: ['anonymous'], params: [] },
  '/sign-in/second-factor': { who: ['anonymous', 'pending'], params: ['next'] },
  '/signed-in': { who: ['anonymous', 'subject', 'agent'], params: [] },
  '/demo-mailbox': { who: ['anonymous'], params: ['to'] },
  '/[...rest]': { who: ['anonymous', 'subject'], params: [] },
  '/me': { who: ['subject'], params: [] },
  '/me/activity': { who: ['subject'], params: ['before', 'by'] },
  '/me/account': { who: ['subject'], params: [] },
  '/me/consents': { who: ['subject'], params: [] },
  '/me/requests': { who: ['subject'], params: [] },
  '/me/requests/[id]': { who: ['subject'], params: ['filed'] },
  '/me/requests/new': { who: ['subject'], params: [] },
  '/me/requests/new/[type]': { who: ['subject'], params: ['item'] },
  '/me/representation': { who: ['subject'], params: [] },
  '/me/representation/[id]': { who: ['subject'], params: ['filed'] },
  '/me/representation/new': { who: ['subject'], params: [] },
  '/admin': { who: staffRoles, params: [] },
  '/admin/account': { who: staffRoles, params: [] },
  '/admin/audit': { who: ['dpo', 'auditor'], params: ['subject', 'actor', 'action', 'from', 'to', 'before', 'verify'] },
  '/admin/calendar': { who: ['dpo'], params: ['year'] },
  '/admin/dashboard': { who: ['dpo', 'auditor'], params: [] },
  '/admin/import': { who: ['admin'], params: [] },
  '/admin/import/[id]': { who: ['admin'], params: [] },
  '/admin/incidents': { who: ['dpo'], params: [] },
  '/admin/incidents/[id]': { who: ['dpo'], params: [] },
  '/admin/inventory': { who: ['admin', 'dpo', 'auditor'], params: [] },
  '/admin/inventory/[entity]/[id]': { who: ['admin'], params: ['saved'] },
  '/admin/inventory/draft': { who: ['admin', 'dpo', 'auditor'], params: [] },
  '/admin/inventory/versions': { who: ['admin', 'dpo', 'auditor'], params: [] },
  '/admin/letters': { who: ['agent', 'dpo', 'auditor'], params: [] },
  '/admin/operator': { who: ['admin'], params: [] },
  '/admin/policies': { who: ['dpo'], params: [] },
  '/admin/requests': {
    who: ['agent', 'dpo', 'auditor'],
    params: ['type', 'state', 'assignee', 'overdue', 'dueToday', 'q', 'sort', 'after', 'before', 'notice'],
  },
  '/admin/requests/[id]': { who: ['agent', 'dpo', 'auditor'], params: ['notice'] },
  '/admin/requests/new': { who: ['agent', 'dpo'], params: ['q', 'subject', 'type'] },
  '/admin/retention': { who: ['dpo'], params: [] },
  '/admin/staff': { who: ['admin'], params: [] },
  '/admin/transfers': { who: ['agent', 'dpo'], params: ['q', 'subject'] },
  '/admin/tasks': { who: ['agent', 'dpo', 'auditor'], params: ['after'] },
  '/admin/tasks/[id]': { who: ['agent', 'dpo'], params: [] },
  '/admin/api': { who: ['admin', 'dpo', 'auditor'], params: [] },
  '/admin/webhooks': { who: ['admin', 'dpo', 'auditor'], params: [] },
  '/admin/webhooks/[id]': { who: ['admin', 'dpo', 'auditor'], params: ['before'] },
};

/** The route handlers (downloads), likewise: who calls them and the query parameters they read. */
const handlers: Record<string, { who: Who[]; params: string[] }> = {
  '/admin/audit/export': { who: ['dpo'], params: pages['/admin/audit']!.params },
  '/admin/consents/[id]/record': { who: ['agent'], params: ['format', 'record'] },
  '/admin/import/[id]/rejected': { who: ['admin'], params: [] },
  '/admin/import/[id]/status': { who: ['admin'], params: [] },
  '/admin/incidents/[id]/notice/[lang]': { who: ['dpo'], params: [] },
  '/admin/letters/[id]/pdf': { who: ['agent'], params: [] },
  '/admin/requests/[id]/attachments/[attachmentId]': { who: ['agent'], params: [] },
  '/admin/requests/export': { who: ['agent'], params: pages['/admin/requests']!.params },
  '/admin/requests/export/names': { who: ['dpo'], params: pages['/admin/requests']!.params },
  '/me/consents/[id]/receipt': { who: ['subject'], params: ['format', 'record'] },
  '/me/export/[format]': { who: ['subject'], params: [] },
  '/me/requests/[id]/attachments/[attachmentId]': { who: ['subject'], params: [] },
  '/me/requests/[id]/export/[format]': { who: ['subject'], params: [] },
  '/me/requests/export/[format]': { who: ['subject'], params: [] },
  '/me/representation/[id]/attachments/[attachmentId]': { who: ['subject'], params: [] },
};
const targets = { ...pages, ...handlers };

/** The pages (or route handlers) of app/[locale], as routes without their group folders: "/admin/requests/[id]". */
function discover(kind: 'page.tsx' | 'route.ts' | 'actions.ts'): string[] {
  const root = path.join('app', '[locale]');
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((file) => path.basename(file) === kind)
    .map((file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((segment) => segment !== '.' && !/^\(.*\)$/.test(segment));
      return `/${segments.join('/')}`;
    })
    .sort();
}

const SCRIPT = '<script>window.__hostile=1</script>';
const ONERROR = '"><img src=x onerror="window.__hostile=2;alert(2)">';
/** Values sent percent-encoded: what a person could type or paste, and what an attacker would. */
const hostile = [
  'a\u0000b\u202Eexe.pdf\u202C\u2066\u200F\u061C',
  'Ж'.repeat(3000),
  '2020-13-45',
  '99999999999999999999',
  '-1e309',
  "{count, plural, one {#} other {# {x}}} ' OR '1'='1' --; DROP TABLE users; --",
  `${SCRIPT}${ONERROR}`,
  '2026-01-01T00:00:00.000Z_00000000-0000-0000-0000-000000000000',
  '%\\',
];
/** Sent as they are: percent-encodings that do not decode. */
const malformed = ['%E0%A4%A', '%ZZ', '%C0%AF', '%'];

const STACK_TRACE = /\n\s+at \S.*:\d+:\d+|node_modules\/|\/\.next\/server\/|Failed query/;

type Fixture = {
  requestId: string;
  incidentId: string;
  subject: { id: string; email: string };
  /** A request another person filed, on which the fixture's subject acts as their representative (Art. 24). */
  representedId: string;
  /** An open task of the HR system (by a person) for the fixture's request (lib/tasks). */
  taskId: string;
  /** A switched-off webhook endpoint (app/[locale]/(operator)/admin/webhooks/[id]): nothing is ever sent to it. */
  webhookEndpointId: string;
};

/** The real value of a path segment, or the hostile one. */
function fill(route: string, fixture: Fixture, segment?: string): string {
  return route
    .replace('[...rest]', segment ?? 'no-such-page')
    .replace('[type]', segment ?? 'access')
    .replace('[format]', segment ?? 'json')
    .replace('[lang]', segment ?? 'kk')
    .replace('[version]', segment ?? '1')
    .replace('[entity]', segment ?? 'category')
    .replace('[attachmentId]', segment ?? '00000000-0000-4000-8000-000000000000')
    .replace(
      '[id]',
      segment ??
        (route.startsWith('/admin/incidents')
          ? fixture.incidentId
          : route.startsWith('/admin/tasks')
            ? fixture.taskId
            : route.startsWith('/admin/webhooks')
              ? fixture.webhookEndpointId
              : route.startsWith('/admin/inventory')
                ? 'new'
                : route.startsWith('/me/representation')
                  ? fixture.representedId
                  : fixture.requestId),
    );
}

function urlsFor(route: string, fixture: Fixture): string[] {
  const base = `/en${fill(route, fixture)}`;
  const params = [...targets[route]!.params, 'unknown'];
  const urls: string[] = [];
  for (const value of hostile) {
    const encoded = encodeURIComponent(value);
    urls.push(`${base}?${params.map((p) => `${p}=${encoded}`).join('&')}`);
  }
  // Each parameter given twice, and each alone with a value that does not decode.
  urls.push(`${base}?${params.map((p) => `${p}=a&${p}=b`).join('&')}`);
  if (route.includes('[')) {
    for (const value of hostile.slice(0, 4)) urls.push(`/en${fill(route, fixture, encodeURIComponent(value))}`);
  }
  return urls;
}

/** Sends every URL; none may answer 5xx or show a stack trace. Returns how many were sent. */
async function expectCalm(request: APIRequestContext, urls: string[]): Promise<number> {
  const failures: string[] = [];
  // A few at a time: enough to keep the run short on two cores, few enough to keep it honest.
  for (let i = 0; i < urls.length; i += 8) {
    await Promise.all(
      urls.slice(i, i + 8).map(async (url) => {
        const response = await request.get(url, { maxRedirects: 0, timeout: 30_000 });
        const body = await response.text();
        if (response.status() >= 500 || STACK_TRACE.test(body))
          failures.push(`${response.status()} ${url.slice(0, 160)}`);
      }),
    );
  }
  expect(failures, 'pages that answered 5xx or showed a stack trace').toEqual([]);
  return urls.length;
}

/** A path that does not decode is a localized 400 page; a query that does not decode reads as text. */
async function expectMalformedRefused(request: APIRequestContext) {
  for (const value of malformed) {
    for (const url of [`/kk/${value}`, `/kk/admin/requests/${value}`]) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBe(400);
      expect(await response.text()).toContain(messages.kk.errors.badRequestTitle);
    }
    // Outside the proxy (the API, files): a plain 400.
    for (const url of [`/api/${value}`, `/en/file.${value}`])
      expect((await request.get(url, { maxRedirects: 0 })).status(), url).toBe(400);
  }
}

/** Signs `page` in as `who` (anonymous: not at all); a subject is the fixture's. */
async function signInAsWho(page: Page, who: Who, subject: Fixture['subject']): Promise<void> {
  if (who === 'anonymous') return;
  if (who === 'subject') await signInAsSubject(page, subject);
  else if (who === 'pending') await signInByEmail(page, (await createStaff('agent')).email);
  else await signInAs(page, (await createStaff(who)).id);
}

/** A subject with an ACCESS request filed through the portal, and a breach: what the pages with ids show. */
/** The subject signs in and files an access request from its form; its id. */
async function fileAccess(browser: Browser, subject: { id: string; email: string }): Promise<string> {
  const page = await browser.newPage();
  await signInAsSubject(page, subject);
  await page.goto('/en/me/requests/new/access');
  await page.getByRole('button', { name: messages.en.requests.form.submit }).click();
  await expect(page).toHaveURL(/filed=1/);
  const requestId = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.close();
  return requestId;
}

/** With `represented`, someone else's request too, which the subject follows as their parent. */
async function createFixture(browser: Browser, { represented = false } = {}): Promise<Fixture> {
  const subject = await createSubject();
  const requestId = await fileAccess(browser, subject);
  let representedId = '00000000-0000-4000-8000-000000000000';
  if (represented) {
    representedId = await fileAccess(browser, await createSubject());
    await db.insert(requestRepresentatives).values({
      requestId: representedId,
      fullName: 'E2E Parent',
      relationship: 'parent',
      representativeSubjectId: subject.id,
      representedName: 'E2E Child',
    });
  }
  const [incident] = await db
    .insert(incidents)
    .values({
      discoveredAt: new Date(),
      description: `E2E hostile input ${uniqueEmail('incident')}`,
      measures: 'none',
      authorityDueAt: new Date(Date.now() + 86_400_000),
    })
    .returning({ id: incidents.id });
  const [hr] = await db.select().from(systems).where(eq(systems.code, 'hr'));
  const [item] = await db.select().from(dataItems).where(eq(dataItems.subjectId, subject.id)).limit(1);
  const [task] = await db
    .insert(executionTasks)
    .values({ requestId, systemId: hr!.id, action: 'rectify', assigneeId: hr!.responsibleId })
    .returning({ id: executionTasks.id });
  await db.insert(executionTaskItems).values({ taskId: task!.id, dataItemId: item!.id, categoryId: item!.categoryId });
  const [crm] = await db.select({ id: systems.id }).from(systems).where(eq(systems.code, 'crm'));
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({
      systemId: crm!.id,
      url: 'https://hostile-input.example.kz/hooks',
      eventTypes: ['request.registered'],
      secretEncrypted: 'v1:hostile:input:never-used',
      enabled: false,
    })
    .returning({ id: webhookEndpoints.id });
  return {
    requestId,
    incidentId: incident!.id,
    subject,
    representedId,
    taskId: task!.id,
    webhookEndpointId: endpoint!.id,
  };
}

test.describe('[INPUT] hostile query parameters', () => {
  test.describe.configure({ timeout: 180_000 });

  test('[INPUT] every page and route handler of app/[locale] is in the corpus', () => {
    expect(discover('page.tsx')).toEqual(Object.keys(pages).sort());
    expect(discover('route.ts')).toEqual(Object.keys(handlers).sort());
  });

  for (const who of ['anonymous', 'subject', 'pending', ...staffRoles] as Who[]) {
    test(`[INPUT] as ${who}: hostile query parameters answer below 500, without a stack trace`, async ({
      page,
      browser,
    }) => {
      const fixture = await createFixture(browser);
      await signInAsWho(page, who, fixture.subject);
      const routes = Object.keys(pages).filter((route) => pages[route]!.who.includes(who));
      const downloads = Object.keys(handlers).filter((route) => handlers[route]!.who.includes(who));
      let sent = await expectCalm(
        page.request,
        [...routes, ...downloads].flatMap((route) => urlsFor(route, fixture)),
      );
      if (who === 'anonymous') await expectMalformedRefused(page.request);
      // Next.js re-encodes a query that does not decode: the page reads it as text.
      sent += await expectCalm(
        page.request,
        routes.map(
          (route) => `/en${fill(route, fixture)}?${malformed.map((value) => `q=${value}&${value}=1`).join('&')}`,
        ),
      );

      // In the browser, with script payloads in every parameter: none runs.
      const dialogs: string[] = [];
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      const scripted = routes.filter((r) => pages[r]!.params.length > 0);
      for (const route of scripted) {
        const query = [...pages[route]!.params, 'unknown']
          .map((p) => `${p}=${encodeURIComponent(`${SCRIPT}${ONERROR}`)}`)
          .join('&');
        await page.goto(`/en${fill(route, fixture)}?${query}`);
        expect(await page.evaluate(() => (window as { __hostile?: number }).__hostile)).toBeUndefined();
      }
      expect(dialogs).toEqual([]);
      console.log(
        `[FIGURES] hostile input, ${who}: 0 × 5xx and 0 stack traces in ${sent} requests; 0 scripts ran in ${scripted.length} pages`,
      );
    });
  }
});

/** How many rows of each table have a column matching `pattern` (a PostgreSQL regular expression, or with `asText` a plain text). */
async function rowsMatching(pattern: string, asText = false): Promise<Record<string, number>> {
  const tables = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  )) as unknown as { table_name: string }[];
  const found: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = (await db.execute(
      asText
        ? sql`select count(*)::int as n from ${sql.identifier(table)} t where strpos(t::text, ${pattern}) > 0`
        : sql`select count(*)::int as n from ${sql.identifier(table)} t where t::text ~ ${pattern}`,
    )) as unknown as { n: number }[];
    if (row && row.n > 0) found[table] = row.n;
  }
  return found;
}

/** Where a free text a person wrote may be kept: a request, its messages, and what reports them. */
const FREE_TEXT_TABLES = [
  'requests',
  'request_events',
  'audit_events',
  'domain_events',
  'outgoing_emails',
  'execution_tasks',
];

/** One value with everything in it, and one too long for any field. */
const FORM_VALUE = `\u0000Ev\u202Eil\u2066 \u200F{count, plural, other {#}} ' OR 1=1 -- ${SCRIPT}${ONERROR}`;
const LONG_VALUE = 'Ж'.repeat(100_000);
/** More than any field keeps (the longest are 8,000 characters). */
const MAX_STORED = 10_000;

/**
 * Fills every text field of the `index`th form of `main` with `value` (a number or date field
 * becomes a text field first, as a hand-made request would be) and submits it. With `all`, the
 * hidden fields and the choices too. Answers the server action's status.
 *
 * A form holding the long value is not displayed: Blink lays out a textarea of 100,000 letters
 * without a break for seconds (before sending it, then again with the answer, which gives the
 * values back): 14 s and 11 s for the inventory's category form, 23 s and 15 s for the purpose
 * form, for an answer the server gave in half a second. The server gets the same request.
 */
async function submitHostile(page: Page, index: number, value: string, all: boolean): Promise<number | null> {
  const form = page.locator('main form:not([method="get"])').nth(index);
  // A form still sending (or re-rendering after) the last one ignores a new submit: wait for its
  // button, unless it goes meanwhile (a token another test revoked loses its form's button: CI, once).
  const button = form.locator('button[type="submit"], button:not([type])').first();
  await expect
    .poll(async () => (await button.count()) === 0 || (await button.isEnabled({ timeout: 1_000 }).catch(() => false)), {
      timeout: 30_000,
    })
    .toBe(true);
  // Until hydrated, a form posts without JavaScript (progressive enhancement): this test sends the action's own request.
  await expect(form.and(page.locator('[data-action-form="posting"]'))).toHaveCount(0, { timeout: 30_000 });
  const hasText = await form.evaluate(
    (element, { value, all, long }) => {
      element.style.display = long ? 'none' : '';
      let found = false;
      for (const field of element.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
        const kind = field instanceof HTMLInputElement ? field.type : 'textarea';
        if (['checkbox', 'radio', 'file', 'submit', 'button'].includes(kind)) continue;
        if (kind === 'hidden' && !all) continue;
        field.removeAttribute('maxlength');
        field.removeAttribute('pattern');
        field.required = false;
        if (field instanceof HTMLInputElement && kind !== 'hidden') field.type = 'text';
        field.value = value;
        found ||= kind !== 'hidden';
      }
      if (all)
        for (const select of element.querySelectorAll('select')) {
          select.add(new Option(value, value));
          select.value = value;
        }
      return found;
    },
    { value, all, long: value.length > MAX_STORED },
  );
  if (!hasText) return null;
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && !!r.request().headers()['next-action'],
  );
  // requestSubmit, as a click would: a form inside a closed <details> has no visible button.
  await form.evaluate((element: HTMLFormElement) =>
    element.requestSubmit(element.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])')),
  );
  const status = (await answered).status();
  await page.waitForLoadState('domcontentloaded');
  return status;
}

/**
 * Pages with forms, who sends them (one test a group, so none runs long), and whether their hidden
 * fields are made hostile too (rows other tests share).
 */
const formGroups: { name: string; who: Who; pages: { route: string; all?: boolean }[] }[] = [
  {
    name: 'the subject: a request and its messages',
    who: 'subject',
    pages: [
      { route: '/me/requests/[id]' },
      { route: '/me/consents', all: true },
      ...['access', 'rectify', 'block'].map((type) => ({ route: `/me/requests/new/${type}` })),
    ],
  },
  {
    name: 'the subject: the other request types',
    who: 'subject',
    pages: [
      ...['destroy', 'withdraw', 'public-remove', 'object-auto'].map((type) => ({
        route: `/me/requests/new/${type}`,
      })),
      { route: '/me/representation/new' },
      { route: '/me/representation/[id]' },
    ],
  },
  {
    name: 'an agent: intake and transfers',
    who: 'agent',
    pages: [
      { route: '/admin/requests/new?subject={subject}&type=rectify' },
      { route: '/admin/transfers?subject={subject}' },
    ],
  },
  {
    name: 'the dpo: a request and breaches',
    who: 'dpo',
    pages: [
      { route: '/admin/requests/[id]' },
      { route: '/admin/incidents' },
      { route: '/admin/incidents/[id]', all: true },
    ],
  },
  {
    name: 'the dpo: calendar, policies, retention',
    who: 'dpo',
    pages: [{ route: '/admin/calendar' }, { route: '/admin/policies' }, { route: '/admin/retention', all: true }],
  },
  {
    name: 'the admin: operator profile and staff',
    who: 'admin',
    pages: [{ route: '/admin/operator' }, { route: '/admin/staff', all: true }, { route: '/admin/api' }],
  },
  {
    // A code with the hostile text never passes its rule, so nothing reaches the shared draft.
    name: 'the admin: the inventory',
    who: 'admin',
    pages: ['category', 'purpose', 'recipient', 'system'].map((entity) => ({
      route: `/admin/inventory/${entity}/new`,
    })),
  },
  { name: 'an agent: a task in a system reached by a person', who: 'agent', pages: [{ route: '/admin/tasks/[id]' }] },
  {
    // An address with the hostile text is never valid, so no endpoint is made or changed.
    name: 'the admin: webhooks',
    who: 'admin',
    pages: [{ route: '/admin/webhooks' }, { route: '/admin/webhooks/[id]' }],
  },
  { name: 'a visitor: signing in', who: 'anonymous', pages: [{ route: '/sign-in' }] },
  { name: 'staff: the second factor', who: 'pending', pages: [{ route: '/sign-in/second-factor' }] },
];

/** Every actions.ts of app/[locale], and the group above that sends its forms (or why none has text). */
const actionFiles: Record<string, string> = {
  '/sign-in': 'a visitor: signing in',
  '/sign-in/second-factor': 'staff: the second factor',
  '/admin/account': 'no text: a button that ends every session (it would end the test too)',
  '/me/activity': 'no text: a switch',
  '/me/account': 'no text: a choice of language',
  '/admin/letters': 'no text: a button that marks a letter posted',
  '/admin/import':
    'no text: buttons that start or cancel an import (the upload route and its file: e2e/import.spec.ts)',
  '/me/consents': 'the subject: a request and its messages',
  '/me/requests/[id]': 'the subject: a request and its messages',
  '/me/requests/new/[type]': 'the subject: the other request types',
  '/me/representation/new': 'the subject: the other request types',
  '/me/representation/[id]': 'the subject: the other request types',
  '/admin/calendar': 'the dpo: calendar, policies, retention',
  '/admin/incidents': 'the dpo: a request and breaches',
  '/admin/operator': 'the admin: operator profile and staff',
  '/admin/inventory': 'the admin: the inventory',
  '/admin/policies': 'no text: a tick that approves the next version of the privacy notice',
  '/admin/requests': 'no text: ticked requests and a staff member',
  '/admin/requests/[id]': 'the dpo: a request and breaches',
  '/admin/requests/new': 'an agent: intake and transfers',
  '/admin/retention': 'the dpo: calendar, policies, retention',
  '/admin/staff': 'the admin: operator profile and staff',
  '/admin/transfers': 'an agent: intake and transfers',
  '/admin/tasks/[id]': 'an agent: a task in a system reached by a person',
  '/admin/api': 'the admin: operator profile and staff',
  '/admin/webhooks': 'the admin: webhooks',
};
/** At most this many forms a page (the calendar has one a day). */
const FORMS_A_PAGE = 3;

test.describe('[INPUT] hostile form fields', () => {
  test.describe.configure({ timeout: 180_000 });

  test('[INPUT] every actions.ts of app/[locale] has its forms sent', () => {
    expect(discover('actions.ts')).toEqual(Object.keys(actionFiles).sort());
    const groups = formGroups.map((group) => group.name);
    for (const [route, group] of Object.entries(actionFiles))
      expect(group.startsWith('no text:') || groups.includes(group), route).toBe(true);
  });

  for (const { name, who, pages: formPages } of formGroups) {
    test(`[INPUT] ${name}: every form with hostile fields answers below 500 and stores nothing hidden`, async ({
      page,
      browser,
    }) => {
      const fixture = await createFixture(browser, {
        represented: formPages.some(({ route }) => route.startsWith('/me/representation/[id]')),
      });
      await signInAsWho(page, who, fixture.subject);
      const dialogs: string[] = [];
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      const statuses: string[] = [];
      for (const { route, all } of formPages) {
        const url = `/en${fill(route, fixture).replace('{subject}', fixture.subject.id)}`;
        await page.goto(url);
        // The hostile texts alone (the form reaches its domain checks), a text too long for any
        // field, then the hidden ids and the choices hostile too; only the last where the rows are shared.
        for (let index = 0; index < FORMS_A_PAGE; index++) {
          const variants: [string, boolean][] = all
            ? [[FORM_VALUE, true]]
            : index === 0
              ? [
                  [FORM_VALUE, false],
                  [LONG_VALUE, false],
                  // Hostile ids and choices once a page: they stop at the schema, whatever the form.
                  [FORM_VALUE, true],
                ]
              : [[FORM_VALUE, false]];
          for (const [value, everything] of variants) {
            // The page again only when a form sent before went elsewhere (a filed request's page).
            const here = new URL(page.url());
            if (`${here.pathname}${here.search}` !== url) await page.goto(url);
            // A form sent before may have changed the page (an executed request, a closed task, has
            // fewer forms): wait until none is still sending, then count.
            await expect(page.locator('main form button[aria-disabled="true"]')).toHaveCount(0, { timeout: 30_000 });
            if (index >= (await page.locator('main form:not([method="get"])').count())) break;
            const status = await submitHostile(page, index, value, everything);
            if (status !== null) statuses.push(`${status} ${route} #${index}`);
            expect(await page.evaluate(() => (window as { __hostile?: number }).__hostile)).toBeUndefined();
            await expect(page.getByRole('heading', { name: messages.en.errors.errorTitle })).toHaveCount(0);
          }
        }
      }
      expect(statuses.length, 'forms were sent').toBeGreaterThan(0);
      expect(statuses.filter((s) => Number(s.slice(0, 3)) >= 500)).toEqual([]);
      expect(dialogs).toEqual([]);

      // What was stored of the hostile text is what a person can see: no NUL, control or bidi character.
      if (formPages.some(({ route }) => route.endsWith('requests/[id]'))) {
        const bodies = await db
          .select({ body: requestEvents.body })
          .from(requestEvents)
          .where(eq(requestEvents.requestId, fixture.requestId));
        const stored = bodies.map((b) => b.body ?? '').filter((body) => body.includes('Evil'));
        expect(stored.length, 'a message with the hostile text was stored').toBeGreaterThan(0);
        for (const body of stored) expect(body).toBe(FORM_VALUE.replace(/[\u0000\u202E\u2066\u200F]/g, '').trim());
      }
      // Nowhere in the database: a control or bidi character, or the text too long for any field;
      // the hostile text only where free text is kept (settings, staff, calendar refused it).
      expect(
        await rowsMatching('[\u0001-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]'),
      ).toEqual({});
      expect(await rowsMatching('Ж'.repeat(MAX_STORED), true)).toEqual({});
      const marked = Object.keys(await rowsMatching('Evil \\{count, plural'));
      expect(marked.filter((table) => !FREE_TEXT_TABLES.includes(table))).toEqual([]);
    });
  }
});
