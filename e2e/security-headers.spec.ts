import {
  createStaff,
  createSubject,
  createSubjectUser,
  db,
  expect,
  locales,
  messages,
  signInAs,
  test,
} from './fixtures';
import { auditEvents } from '@/db/schema/audit';
import { desc, eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';

/**
 * The browser-side defences of issue 10 (points 3 and 4): every page carries a nonce-based
 * Content-Security-Policy and no page of the portal breaks it; writes from elsewhere are refused.
 * The home and sign-in pages of a visitor not signed in are one copy for all of them
 * (lib/http/shared-pages.ts): their policy names each inline script by its hash instead.
 */
const publicPages = ['', '/privacy', '/sign-in', '/sign-in/check-email'];
const sharedPages = ['', '/sign-in'];
const subjectPages = [
  '/me',
  '/me/requests',
  '/me/requests/new',
  '/me/requests/new/access',
  '/me/representation',
  '/me/representation/new',
  '/me/consents',
  '/me/activity',
];
const staffPages = [
  '/admin',
  '/admin/requests',
  '/admin/requests/new',
  '/admin/dashboard',
  '/admin/audit',
  '/admin/calendar',
  '/admin/policies',
  '/admin/incidents',
  '/admin/transfers',
  '/admin/retention',
];

/** Records every CSP violation the page reports, before any of its scripts run. */
async function watchViolations(page: import('@playwright/test').Page) {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return violations;
}

function expectPolicy(headers: Record<string, string>, scripts: 'nonce' | 'hashes' = 'nonce') {
  const policy = headers['content-security-policy'] ?? '';
  expect(policy).toMatch(
    scripts === 'nonce'
      ? /script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic';/
      : /script-src 'self'( 'sha256-[A-Za-z0-9+/]{43}=')+;/,
  );
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"])
    expect(policy).toContain(directive);
  expect(policy).not.toContain("'unsafe-eval'");
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');
}

test.describe('[CSP] every page runs only its own scripts', () => {
  for (const locale of locales) {
    for (const role of ['anonymous', 'subject', 'dpo'] as const) {
      test(`[CSP] the ${role}'s pages carry their policy (a nonce; the shared home and sign-in pages, hashes) and log no violation, in ${locale}`, async ({
        page,
      }) => {
        test.setTimeout(90_000);
        const paths = { anonymous: publicPages, subject: subjectPages, dpo: staffPages }[role];
        if (role === 'subject') await signInAs(page, await createSubjectUser(await createSubject({ locale })));
        if (role === 'dpo') await signInAs(page, (await createStaff('dpo')).id);
        const violations = await watchViolations(page);
        // A page rendered first: the process then keeps what the shared pages show, and shares them.
        if (role === 'anonymous') await page.request.get(`/${locale}/privacy`);
        for (const path of paths) {
          const response = await page.goto(`/${locale}${path}`);
          expect(response?.status(), path).toBe(200);
          expectPolicy(response!.headers(), role === 'anonymous' && sharedPages.includes(path) ? 'hashes' : 'nonce');
        }
        expect(violations).toEqual([]);
      });
    }
  }

  test('[CSP] a page that hydrates works under the policy: the sign-in form sends its link', async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto('/en/sign-in');
    await page.getByLabel(messages.en.signIn.emailLabel).fill('csp-check@e2e.test');
    await page.getByRole('button', { name: messages.en.signIn.submit }).click();
    await expect(page.getByRole('heading', { name: messages.en.checkEmail.title })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test('[CSP] the home and sign-in pages a visitor not signed in gets are one copy: no nonce, each inline script allowed by its hash', async ({
    page,
    request,
  }) => {
    for (const path of ['/kk', '/ru/sign-in', '/en']) {
      await request.get(path);
      const [first, second] = [await request.get(path), await request.get(path)];
      const body = await first.text();
      expect(await second.text(), path).toBe(body);
      expectPolicy(first.headers(), 'hashes');
      expect(body, path).not.toMatch(/<(script|link)\b[^>]*\snonce=/);
      const inline = [...body.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(([, text]) => text!);
      const hashes = new Set(inline.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`));
      const allowed = /script-src 'self' ([^;]+)/.exec(first.headers()['content-security-policy']!)![1]!.split(' ');
      expect(new Set(allowed), path).toEqual(hashes);
    }
    // Each visitor's own part of the answer, as on every page: the language they chose is remembered
    // (next-intl's cookie, here against the browser's English) and the alternates name this address.
    const chosen = await request.get('/ru', { headers: { 'accept-language': 'en' } });
    expectPolicy(chosen.headers(), 'hashes');
    expect(chosen.headers()['set-cookie']).toMatch(/NEXT_LOCALE=ru/);
    expect(chosen.headers()['link']).toContain(
      `<${new URL('/kk', chosen.url()).href}>; rel="alternate"; hreflang="kk"`,
    );

    // The browser runs the copy's scripts: the sign-in form, hydrated, answers in place (without
    // its scripts the browser would post the form and load a new page).
    const violations = await watchViolations(page);
    await page.goto('/en/sign-in');
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByLabel(messages.en.signIn.emailLabel).fill('not an address');
    await page.getByRole('button', { name: messages.en.signIn.submit }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(messages.en.signIn.errors.invalidEmail);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(violations).toEqual([]);
  });

  test('[CSP] a signed-in visitor gets their own home page, with a nonce', async ({ page }) => {
    await signInAs(page, await createSubjectUser(await createSubject({ locale: 'en' })));
    const response = await page.goto('/en');
    expectPolicy(response!.headers());
    await expect(page.getByRole('main').getByRole('link', { name: messages.en.home.goToMyData })).toBeVisible();
  });

  test('[CSP] downloads are attachments, not sniffed, not cached', async ({ page }) => {
    const subject = await createSubject();
    await signInAs(page, await createSubjectUser(subject));
    for (const format of ['json', 'csv']) {
      const response = await page.request.get(`/en/me/export/${format}`);
      expect(response.status()).toBe(200);
      const headers = response.headers();
      expect(headers['content-disposition']).toMatch(/^attachment;/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cache-control']).toBe('no-store');
    }
  });
});

test.describe('[ORIGIN] requests from elsewhere are refused', () => {
  test('[ORIGIN] a server action posted with a foreign Origin and a forged X-Forwarded-Host changes nothing', async ({
    page,
    baseURL,
  }) => {
    const subject = await createSubject();
    await signInAs(page, await createSubjectUser(subject));
    // This subject's events only: the other worker's tests write events of their own meanwhile.
    const subjectEvents = () =>
      db
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(eq(auditEvents.subjectId, subject.id))
        .orderBy(desc(auditEvents.id))
        .limit(1);
    const [before] = await subjectEvents();
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
      { origin: 'null' },
      {},
    ];
    for (const headers of attempts) {
      const response = await page.request.post(`${baseURL}/en/me/requests/new/access`, {
        headers: { ...headers, 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' },
        data: '[]',
        maxRedirects: 0,
      });
      expect(response.status(), JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toContain(messages.en.errors.foreignRequest);
    }
    const [after] = await subjectEvents();
    expect(after?.id).toBe(before?.id);
  });

  test("[ORIGIN] Auth.js's own endpoints refuse a post without the portal's Origin", async ({ request }) => {
    const response = await request.post('/api/auth/signout', {
      form: { csrfToken: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status()).toBe(403);
  });
});
