import { existsSync } from 'node:fs';

/**
 * The browser the tests and benchmarks drive: Debian's Chromium, as browsers cannot be downloaded
 * on these machines. Its headless shell (package chromium-headless-shell, what Playwright itself
 * runs headless: the same Blink without the desktop browser around it) where installed: a fresh
 * context loading four pages took 7.4 CPU-s in it, 18 in the full browser, and the browser is most
 * of the end-to-end tests' CPU. CHROMIUM_PATH picks another.
 */
export const chromiumPath =
  process.env.CHROMIUM_PATH ??
  (existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium');
