import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests in Chromium against the real portal: `npm start` itself, on its own database,
 * sending e-mail to a real SMTP sink. scripts/test.ts provides the ports and the database.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2525);
const sinkHttpPort = Number(process.env.E2E_SMTP_HTTP_PORT ?? 2580);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: browsers cannot be downloaded on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], channel: undefined },
      testIgnore: /(mobile|no-javascript)\.spec\.ts/,
    },
    { name: 'phone', use: { ...devices['Pixel 7'], channel: undefined }, testMatch: /mobile\.spec\.ts/ },
    // Every subject form with JavaScript turned off (issue 15): progressive enhancement, tested.
    {
      name: 'no-js',
      use: { ...devices['Desktop Chrome'], channel: undefined, javaScriptEnabled: false },
      testMatch: /no-javascript\.spec\.ts/,
    },
  ],
  webServer: [
    {
      command: 'node --import tsx scripts/smtp-sink.ts',
      url: `http://127.0.0.1:${sinkHttpPort}/messages`,
      env: { SMTP_SINK_PORT: String(smtpPort), SMTP_SINK_HTTP_PORT: String(sinkHttpPort) },
      reuseExistingServer: false,
    },
    {
      command: 'node --import tsx scripts/start.ts',
      url: `${baseURL}/api/health`,
      timeout: 300_000,
      stdout: 'pipe',
      env: {
        PORT: String(port),
        // As in production: the application role, and the owner for migrations (scripts/test.ts).
        DATABASE_URL: process.env.E2E_APP_DATABASE_URL ?? process.env.E2E_DATABASE_URL ?? '',
        DATABASE_OWNER_URL: process.env.E2E_DATABASE_URL ?? '',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Derbes <no-reply@derbes.test>',
        AUTH_SECRET: 'e2e-only-secret-not-for-production',
        AUTH_URL: baseURL,
        DERBES_DATA_DIR: '.data/e2e',
      },
      reuseExistingServer: false,
    },
  ],
});
