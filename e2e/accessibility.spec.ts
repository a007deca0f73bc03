import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import axe from 'axe-core';
import { staffRoles, type StaffRole } from '@/db/schema/auth';
import { can } from '@/lib/auth/permissions';
import { createStaff, createSubject, expect, locales, messages, signInAs, signInAsSubject, test } from './fixtures';
import { routeFilesOf } from './security';
import { createStaffWorld, staffRoutes } from './staff-world';
import { createSubjectWorld, routeProbes } from './subject-world';

/**
 * [A11Y] Issue 14 point 14, WCAG 2.1 AA: axe-core finds no violation on any page a visitor, a data
 * subject or a staff role reaches, in Kazakh, Russian and English, at desktop and phone sizes; field
 * errors are tied to their fields and take focus; a request is filed by keyboard alone; the
 * language of each page, and of each part in another language, is marked.
 *
 * The pages come from the security specs' tables (subject-world.ts `routeProbes`, staff-world.ts
 * `staffRoutes`), which fail until a new page has its entry there: a new page is swept with them.
 */
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** A test's time: a page loaded and checked at both sizes takes 1–4 s on 2 busy cores; 10 s each leaves room. */
const timeFor = (pages: number) => 60_000 + pages * 10_000;
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
type Locale = (typeof locales)[number];

/** The pages anyone reaches without signing in, by their route; a new one fails the sweep until it is here. */
const publicPages: Record<string, string> = {
  '/': '/',
  '/demo-mailbox': '/demo-mailbox',
  '/privacy': '/privacy',
  '/privacy/v/[version]': '/privacy/v/1',
  '/privacy/versions': '/privacy/versions',
  '/sign-in': '/sign-in',
  '/sign-in/check-email': '/sign-in/check-email',
  // Without a session both send the visitor to the sign-in page; swept there.
  '/sign-in/second-factor': '/sign-in/second-factor',
  '/signed-in': '/signed-in',
};

/** The page kinds of a route group (route.ts files are downloads, not pages). */
const pagePatterns = (group: '(subject)' | '(operator)') =>
  new Set(routeFilesOf(group).flatMap((r) => (r.kind === 'page' ? [r.pattern] : [])));

/**
 * axe-core's rules of `tags` over the whole page as it is laid out now. AxeBuilder injects axe's
 * 650 kB source again for each check and merges the results in a blank page it opens for the
 * purpose (so that frames from other origins can be checked): three quarters of a sweep's time.
 * A page without frames, as every page swept here is, gets axe.run's results directly, axe injected
 * once a document (the phone size reuses it); a page with a frame still goes through AxeBuilder.
 * Every rule runs on every element either way; `resultTypes` only spares axe listing each element
 * that passed (it keeps one a rule) and returns every violation with all its elements (the same
 * list, checked on a page planted with 200 violations of 8 rules): 45% of axe's time (kk, 43 s → 23 s).
 */
const options = { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] } satisfies axe.RunOptions;
async function violationsOf(page: Page) {
  if (page.frames().length > 1) return (await new AxeBuilder({ page }).options(options).analyze()).violations;
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (runOptions) => (window as unknown as { axe: typeof axe }).axe.run(document, runOptions),
    options,
  );
  return results.violations;
}

/**
 * Opens each path on one signed-in page and runs axe on it at each size (the page laid out again,
 * not loaded again). Gives one line for each violation: the rule, the page, the size and the
 * elements, and counts the pages checked.
 */
async function sweep(page: Page, locale: Locale, paths: string[]) {
  const found: string[] = [];
  let loads = 0;
  for (const path of paths) {
    const url = `/${locale}${path}`;
    await page.setViewportSize(sizes.desktop);
    const response = await page.goto(url);
    if (response?.status() !== 200) {
      found.push(`${url}: answered ${response?.status()}`);
      continue;
    }
    for (const [size, viewport] of Object.entries(sizes)) {
      await page.setViewportSize(viewport);
      loads++;
      const violations = await violationsOf(page);
      for (const v of violations) {
        const targets = v.nodes.map((n) => n.target.join(' ')).join(' | ');
        found.push(`${v.id} — ${url} (${size}): ${v.help} — ${targets}`);
      }
    }
  }
  return { found, loads };
}

/**
 * Each back-office page is swept once a language, as the role that reaches the most pages among
 * those that reach it: a role that only reads a page sees a subset of what a role that manages it
 * sees (the same page, fewer controls), and sweeping every page once a role would double the
 * sweep's time in CI for the same markup.
 */
const sweptAs = (() => {
  const pages = pagePatterns('(operator)');
  const reachable = (role: StaffRole) =>
    Object.entries(staffRoutes).filter(([pattern, { permission }]) => pages.has(pattern) && can(role, permission));
  const chosen = new Map<string, StaffRole>();
  for (const role of [...staffRoles].sort((a, b) => reachable(b).length - reachable(a).length))
    for (const [pattern] of reachable(role)) if (!chosen.has(pattern)) chosen.set(pattern, role);
  return chosen;
})();

async function expectNoViolations(page: Page, group: string, locale: Locale, paths: string[]) {
  const started = Date.now();
  const { found, loads } = await sweep(page, locale, paths);
  console.log(
    `[FIGURES] accessibility ${group} ${locale}: ${found.length} violations in ${loads} checks (${paths.length} pages × ${Object.keys(sizes).length} sizes), ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  expect(found, `axe violations (${tags.join(', ')})`).toEqual([]);
}

test.describe('[A11Y] WCAG 2.1 AA: no axe violation on any page, in every language and size', () => {
  test('[A11Y] every public page has its entry in the sweep', () => {
    const routes = routeFilesOf('(public)').map((r) => r.pattern);
    expect(routes.filter((pattern) => !publicPages[pattern])).toEqual([]);
  });

  for (const locale of locales) {
    test(`[A11Y] WCAG 2.1 AA: the public pages in ${locale}`, async ({ page }) => {
      test.setTimeout(timeFor(Object.keys(publicPages).length));
      await expectNoViolations(page, 'public', locale, Object.values(publicPages));
    });

    test(`[A11Y] WCAG 2.1 AA: every page of a data subject in ${locale}`, async ({ browser }) => {
      test.setTimeout(timeFor(Object.keys(routeProbes).length));
      const w = await createSubjectWorld(browser);
      const pages = pagePatterns('(subject)');
      // The subject's own pages (B's): the probes that answer 200, once each (a query only filters).
      const paths = Object.entries(routeProbes).flatMap(([pattern, probesOf]) =>
        pages.has(pattern)
          ? probesOf(w).flatMap((p) =>
              p.status === 200 && (p.languages ?? locales).includes(locale) ? [p.path.split('?')[0]!] : [],
            )
          : [],
      );
      test.setTimeout(timeFor(new Set(paths).size));
      await expectNoViolations(w.proberPage, 'subject', locale, [...new Set(paths)]);
      await w.proberPage.context().close();
    });

    for (const role of staffRoles) {
      test(`[A11Y] WCAG 2.1 AA: the back-office pages swept as the ${role} in ${locale}`, async ({ browser, page }) => {
        const reached = Object.entries(staffRoutes).filter(([pattern]) => sweptAs.get(pattern) === role);
        test.skip(reached.length === 0, `every page the ${role} reaches is swept as another role`);
        test.setTimeout(timeFor(reached.length));
        const w = await createStaffWorld(browser);
        await w.subjectContext.close();
        await signInAs(page, (await createStaff(role)).id);
        const paths = reached.map(([, { url }]) => url(w));
        await expectNoViolations(page, role, locale, paths);
      });
    }
  }
});

test.describe('[A11Y] forms, keyboard and language', () => {
  test('[A11Y] WCAG 3.3.1, 2.1.1, 2.4.7: a request is filed by keyboard alone, its errors tied to its fields and focused', async ({
    page,
  }) => {
    const t = messages.en.requests;
    await signInAsSubject(page, await createSubject());
    await page.goto('/en/me/requests/new');
    /** Tabs forward until `target` has focus (a person reading the page in order), and checks its focus is seen. */
    const tabTo = async (target: ReturnType<Page['locator']>, key = 'Tab') => {
      for (let i = 0; i < 60; i++) {
        if (await target.evaluate((el) => el === document.activeElement)) break;
        await page.keyboard.press(key);
      }
      await expect(target).toBeFocused();
      // WCAG 2.4.7: a visible focus indicator (an outline or a ring), not the browser's default turned off.
      const indicator = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
          ? `outline ${style.outlineWidth}`
          : style.boxShadow !== 'none'
            ? 'ring'
            : null;
      });
      expect(indicator, 'a visible focus indicator').not.toBeNull();
    };

    await tabTo(page.getByRole('link', { name: new RegExp(t.types.DESTROY.title) }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(t.types.DESTROY.title);

    // Sent empty: each field in error is marked invalid, described by its message, and the first takes focus.
    const submit = page.getByRole('button', { name: t.form.submit });
    await tabTo(submit);
    await page.keyboard.press('Enter');
    const reason = page.getByLabel(t.form.reason);
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    const firstItem = page.getByRole('checkbox').first();
    await expect(firstItem).toHaveAttribute('aria-invalid', 'true');
    await expect(firstItem).toBeFocused();
    for (const field of [firstItem, reason]) {
      const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
      const descriptions = await Promise.all(
        describedBy
          .split(' ')
          .filter(Boolean)
          .map((id) => page.locator(`[id="${id}"]`).innerText()),
      );
      expect(descriptions.join(' '), 'the field is described by its error').toMatch(
        new RegExp(`${t.errors.required}|${t.errors.pickItems}`),
      );
    }

    // Space ticks the item, Tab reaches the reason, Enter on the button files it.
    await page.keyboard.press('Space');
    await expect(firstItem).toBeChecked();
    await tabTo(reason);
    await page.keyboard.type('I no longer study here.');
    await tabTo(submit);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}\?filed=1$/);
    // WCAG 4.1.3: the result is said, and focus is on it.
    const filed = page.getByRole('status').filter({ hasText: t.filedNotice.split('{')[0]! });
    await expect(filed).toBeFocused();
    // Shift+Tab goes back through the page from there.
    await page.keyboard.press('Shift+Tab');
    await expect(page.locator(':focus')).toHaveCount(1);
  });

  test('[A11Y] WCAG 3.1.1, 3.1.2: each page says its language, and a part in another language says its own', async ({
    page,
  }) => {
    const admin = await createStaff('admin');
    await signInAs(page, admin.id);
    for (const locale of locales) {
      await page.goto(`/${locale}/admin/operator`);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      // The language switcher names each language in that language.
      const switcher = page.getByRole('navigation', { name: messages[locale].common.language });
      for (const other of locales) {
        await expect(switcher.getByRole('link', { name: messages[other].locales[other] })).toHaveAttribute(
          'lang',
          other,
        );
      }
      // The operator's name is entered in each language, each field marked with its own.
      for (const l of locales) {
        await expect(page.locator(`input[name="name${l[0]!.toUpperCase()}${l[1]}"]`)).toHaveAttribute('lang', l);
      }
    }
  });
});
