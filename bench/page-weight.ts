import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { sessions, users } from '@/db/schema/auth';
import { closeDatabase, connectDatabase, loadConfiguration } from '../scripts/runtime';
import { chromiumPath } from '../e2e/chromium';
import { buildFloorIfStale, startFloor } from './floor-page';

/**
 * `npm run bench:weight` against a portal started with `npm start` (demo mode), side by side with a
 * bare Next.js 16 page built from the same node_modules (same next, react, next-intl; bench/floor/,
 * the floor of bench/run.ts too):
 * - first-load JavaScript of each subject page (every script a first visit downloads, gzipped),
 *   against the bare page + 4 kB (issue 15);
 * - the HTML payload of /kk, /kk/sign-in, /kk/me and the staff queue, against the bare page's.
 * The bare app is a next-intl page: the locale from the URL through next-intl's middleware, a
 * layout with <html lang>, a page with one translated heading and paragraph; no client component of
 * its own, so its JavaScript is what Next.js itself ships. Scale (argv[2]) does not apply: the
 * demo's data. Last stdout line: BENCH_RESULT {...}.
 * `--serve-bare` only builds and serves the bare page (BENCH_BARE_PORT, 3399) until Ctrl+C, to load
 * it beside the portal (autocannon).
 */
const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const barePort = Number(process.env.BENCH_BARE_PORT ?? 3399);
const bareUrl = `http://127.0.0.1:${barePort}`;
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

/** Builds the bare page (bench/floor-page.ts) if stale and starts it; resolves once it answers. */
async function startBare(): Promise<() => void> {
  await buildFloorIfStale();
  const server = await startFloor(barePort);
  return () => server.kill('SIGTERM');
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
    executablePath: chromiumPath,
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
