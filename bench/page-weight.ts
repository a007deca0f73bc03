import { chromium, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';

/**
 * `npm run bench:weight` against a portal started with `npm start` (demo mode): the JavaScript a
 * first visit to each page downloads, gzipped, as a ratio of PRODUCT.md's budget for subject pages
 * (~120 kB). Signs in through the demo mailbox, as a newcomer would.
 */
const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const BUDGET_KB = 120;

async function firstLoadJs(page: Page, path: string): Promise<number> {
  const bodies = new Map<string, Promise<Buffer>>();
  const collect = (response: import('@playwright/test').Response) => {
    if (response.request().resourceType() === 'script') bodies.set(response.url(), response.body());
  };
  page.on('response', collect);
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  page.off('response', collect);
  let bytes = 0;
  for (const body of bodies.values()) bytes += gzipSync(await body).length;
  return bytes / 1024;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking'],
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/en/sign-in`);
  await page.locator('#email').fill('aigul@example.kz');
  await page.locator('main button[type=submit]').click();
  await page.waitForURL(/check-email/);
  await page.goto(`${base}/en/demo-mailbox?to=aigul@example.kz`);
  const link = await page.locator('a[href*="/api/auth/callback"]').first().getAttribute('href');
  await page.goto(link!);
  const results: [string, number][] = [];
  for (const path of [
    '/kk',
    '/kk/sign-in',
    '/kk/me',
    '/kk/me/consents',
    '/kk/me/requests/new/rectify',
    '/kk/me/activity',
  ]) {
    // A fresh page each time, with an empty cache: what a first visit costs.
    const fresh = await context.newPage();
    await fresh.route('**/*', (route) => route.continue());
    results.push([path, await firstLoadJs(fresh, path)]);
    await fresh.close();
  }
  await browser.close();
  for (const [path, kb] of results) {
    console.log(
      `${path.padEnd(30)} ${kb.toFixed(1).padStart(6)} kB gzipped JS   ratio to the ${BUDGET_KB} kB budget: ${(kb / BUDGET_KB).toFixed(2)}`,
    );
  }
}

void main();
