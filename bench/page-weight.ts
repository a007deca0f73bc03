import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { sessions, users } from '@/db/schema/auth';
import { closeDatabase, connectDatabase, loadConfiguration } from '../scripts/runtime';

/**
 * `npm run bench:weight` against a portal started with `npm start` (demo mode), side by side with a
 * bare Next.js 16 page built here from the same node_modules (same next, react, next-intl):
 * - first-load JavaScript of each subject page (every script a first visit downloads, gzipped),
 *   against the bare page + 4 kB (issue 15);
 * - the HTML payload of /kk, /kk/sign-in, /kk/me and the staff queue, against the bare page's.
 * The bare app (.bench-bare/, rebuilt each run, deleted after) is a next-intl page: the locale from
 * the URL through next-intl's middleware, a layout with <html lang>, a page with one translated
 * heading and paragraph; no client component of its own, so its JavaScript is what Next.js itself
 * ships. Scale (argv[2]) does not apply: the demo's data. Last stdout line: BENCH_RESULT {...}.
 * `--serve-bare` only builds and serves the bare page (BENCH_BARE_PORT, 3399) until Ctrl+C, to load
 * it beside the portal (autocannon).
 */
const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const barePort = Number(process.env.BENCH_BARE_PORT ?? 3399);
const bareUrl = `http://127.0.0.1:${barePort}`;
const BARE_DIR = path.resolve('.bench-bare');
const nextBin = path.resolve('node_modules/next/dist/bin/next');
const ALLOWANCE_KB = 4;

const subjectPages = [
  '/kk',
  '/kk/sign-in',
  '/kk/me',
  '/kk/me/consents',
  '/kk/me/requests',
  '/kk/me/requests/new/rectify',
  '/kk/me/activity',
];
const payloadPages = ['/kk', '/kk/sign-in', '/kk/me', '/kk/admin/requests'];

const bareFiles: Record<string, string> = {
  'package.json': JSON.stringify({ private: true, type: 'module' }),
  'next.config.mjs': `import createNextIntlPlugin from 'next-intl/plugin';
export default createNextIntlPlugin('./i18n/request.js')({ poweredByHeader: false, turbopack: { root: ${JSON.stringify(path.resolve('.'))} } });
`,
  'i18n/routing.js': `import { defineRouting } from 'next-intl/routing';
export const routing = defineRouting({ locales: ['kk', 'ru', 'en'], defaultLocale: 'kk', localeDetection: false });
`,
  'i18n/request.js': `import { hasLocale } from 'next-intl';
import { getRequestConfig } from 'next-intl/server';
import { routing } from './routing.js';
const messages = {
  kk: { bare: { title: 'Дербес деректер', body: 'Бос бет.' } },
  ru: { bare: { title: 'Персональные данные', body: 'Пустая страница.' } },
  en: { bare: { title: 'Personal data', body: 'A bare page.' } },
};
export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = hasLocale(routing.locales, requested) ? requested : routing.defaultLocale;
  return { locale, timeZone: 'Asia/Almaty', messages: messages[locale] };
});
`,
  'proxy.js': `import createMiddleware from 'next-intl/middleware';
import { routing } from './i18n/routing.js';
export default createMiddleware(routing);
export const config = { matcher: ['/((?!_next|.*\\\\..*).*)'] };
`,
  'app/[locale]/layout.jsx': `import { setRequestLocale } from 'next-intl/server';
export default async function Layout({ children, params }) {
  const { locale } = await params;
  setRequestLocale(locale);
  return (<html lang={locale}><body><main>{children}</main></body></html>);
}
`,
  'app/[locale]/page.jsx': `import { getTranslations, setRequestLocale } from 'next-intl/server';
import { connection } from 'next/server';
export default async function Page({ params }) {
  await connection(); // rendered per request, as the portal's pages are
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('bare');
  return (<><h1>{t('title')}</h1><p>{t('body')}</p></>);
}
`,
};

function run(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
}

/** Builds the bare app and starts it (`next start`); resolves once it answers. */
async function startBare(): Promise<() => void> {
  rmSync(BARE_DIR, { recursive: true, force: true });
  for (const [file, text] of Object.entries(bareFiles)) {
    mkdirSync(path.dirname(path.join(BARE_DIR, file)), { recursive: true });
    writeFileSync(path.join(BARE_DIR, file), text);
  }
  await new Promise<void>((resolve, reject) => {
    const build = run([nextBin, 'build'], BARE_DIR);
    build.stdout!.on('data', () => {});
    build.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`bare app: next build exited with ${code}`)),
    );
  });
  const server = run([nextBin, 'start', '-H', '127.0.0.1', '-p', String(barePort)], BARE_DIR);
  server.stdout!.on('data', () => {});
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${bareUrl}/kk`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return () => {
    server.kill('SIGTERM');
    rmSync(BARE_DIR, { recursive: true, force: true });
  };
}

async function firstLoadJs(context: BrowserContext, url: string): Promise<number> {
  // A fresh page each time, with an empty cache: what a first visit costs.
  const page: Page = await context.newPage();
  await page.route('**/*', (route) => route.continue());
  const bodies = new Map<string, Promise<Buffer>>();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') bodies.set(response.url(), response.body());
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  let bytes = 0;
  for (const body of bodies.values()) bytes += gzipSync(await body).length;
  await page.close();
  return bytes / 1024;
}

async function htmlPayload(url: string, token?: string): Promise<{ raw: number; gzip: number; status: number }> {
  const response = await fetch(url, { headers: token ? { cookie: `authjs.session-token=${token}` } : {} });
  const body = Buffer.from(await response.arrayBuffer());
  return { raw: body.length / 1024, gzip: gzipSync(body).length / 1024, status: response.status };
}

/** A staff session made in the portal's database, second factor given (as e2e/fixtures.ts signInAs). */
async function staffSession(email: string): Promise<string> {
  const [user] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no ${email} in the demo database`);
  const token = randomBytes(32).toString('hex');
  await getDb()
    .insert(sessions)
    .values({
      sessionToken: createHash('sha256').update(token).digest('hex'),
      userId: user.id,
      expires: new Date(Date.now() + 3_600_000),
      secondFactorAt: new Date(),
    });
  return token;
}

async function main() {
  if (process.argv.includes('--serve-bare')) {
    const stop = await startBare();
    console.log(`bare next-intl page: ${bareUrl}/kk (Ctrl+C stops it)`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.on(signal, () => {
        stop();
        process.exit(0);
      });
    return;
  }
  const embedded = await connectDatabase(loadConfiguration(), { shareRunning: true });
  const stopBare = await startBare();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext();
    // Signed in through the demo mailbox, as a newcomer would.
    const page = await context.newPage();
    await page.goto(`${base}/en/sign-in`);
    await page.locator('#email').fill('aigul@example.kz');
    await page.locator('main button[type=submit]').click();
    await page.waitForURL(/check-email/);
    await page.goto(`${base}/en/demo-mailbox?to=aigul@example.kz`);
    const link = await page.locator('a[href*="/api/auth/callback"]').first().getAttribute('href');
    await page.goto(link!);
    await page.close();
    const subjectToken = (await context.cookies()).find((c) => c.name.endsWith('authjs.session-token'))!.value;
    const staffToken = await staffSession('agent@dalabilim.kz');

    const bareJs = await firstLoadJs(context, `${bareUrl}/kk`);
    const bareHtml = await htmlPayload(`${bareUrl}/kk`);
    const rows: object[] = [];
    console.log(`bare Next 16 + next-intl page       ${bareJs.toFixed(1).padStart(6)} kB JS (gzip)`);
    for (const path of subjectPages) {
      const kb = await firstLoadJs(context, `${base}${path}`);
      const met = kb <= bareJs + ALLOWANCE_KB;
      console.log(
        `${path.padEnd(36)} ${kb.toFixed(1).padStart(6)} kB JS (gzip)  ${(kb - bareJs >= 0 ? '+' : '') + (kb - bareJs).toFixed(1)} kB over the bare page  ${met ? 'met' : 'NOT met'}`,
      );
      rows.push({
        name: `first-load JS ${path}`,
        value: Number(kb.toFixed(1)),
        unit: 'kB',
        target: `<= bare + ${ALLOWANCE_KB} kB (${(bareJs + ALLOWANCE_KB).toFixed(1)} kB)`,
        floor: `bare Next 16 page ${bareJs.toFixed(1)} kB`,
        ratio: Number((kb / bareJs).toFixed(3)),
        met,
      });
    }
    console.log(`\nHTML payload (uncompressed / gzip)`);
    console.log(
      `bare page                            ${bareHtml.raw.toFixed(1).padStart(6)} kB / ${bareHtml.gzip.toFixed(1)} kB`,
    );
    for (const path of payloadPages) {
      const token = path.startsWith('/kk/admin') ? staffToken : path.startsWith('/kk/me') ? subjectToken : undefined;
      const size = await htmlPayload(`${base}${path}`, token);
      if (size.status !== 200) throw new Error(`${path} answered ${size.status}`);
      console.log(`${path.padEnd(36)} ${size.raw.toFixed(1).padStart(6)} kB / ${size.gzip.toFixed(1)} kB`);
      rows.push({
        name: `HTML payload ${path}`,
        value: Number(size.raw.toFixed(1)),
        unit: 'kB',
        target: 'small (reported)',
        floor: `bare page ${bareHtml.raw.toFixed(1)} kB`,
        ratio: Number((size.raw / bareHtml.raw).toFixed(2)),
        met: true,
      });
    }
    await getDb()
      .delete(sessions)
      .where(eq(sessions.sessionToken, createHash('sha256').update(staffToken).digest('hex')));
    console.log(`BENCH_RESULT ${JSON.stringify({ rows })}`);
  } finally {
    await browser.close();
    stopBare();
    await closeDatabase(embedded);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
