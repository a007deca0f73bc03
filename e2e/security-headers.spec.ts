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

/**
 * The browser-side defences of issue 10 (points 3 and 4): every page carries a nonce-based
 * Content-Security-Policy and no page of the portal breaks it; writes from elsewhere are refused.
 */
const publicPages = ['', '/privacy', '/sign-in', '/sign-in/check-email'];
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

function expectPolicy(headers: Record<string, string>) {
  const policy = headers['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"])
    expect(policy).toContain(directive);
  expect(policy).not.toContain("'unsafe-eval'");
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');
}

test.describe('[CSP] every page runs only its own scripts', () => {
  for (const locale of locales) {
    for (const role of ['anonymous', 'subject', 'dpo'] as const) {
      test(`[CSP] the ${role}'s pages carry a nonce policy and log no violation, in ${locale}`, async ({ page }) => {
        test.setTimeout(90_000);
        const paths = { anonymous: publicPages, subject: subjectPages, dpo: staffPages }[role];
        if (role === 'subject') await signInAs(page, await createSubjectUser(await createSubject({ locale })));
        if (role === 'dpo') await signInAs(page, (await createStaff('dpo')).id);
        const violations = await watchViolations(page);
        for (const path of paths) {
          const response = await page.goto(`/${locale}${path}`);
          expect(response?.status(), path).toBe(200);
          expectPolicy(response!.headers());
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
