import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { apiTokens, executionTasks, webhookDeliveries, webhookEndpoints } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { requests } from '@/db/schema/requests';
import { generateApiToken } from '@/lib/api/tokens';
import {
  createStaff,
  createSubject,
  db,
  expect,
  messages,
  portalUrl,
  signInAs,
  signInAsSubject,
  test,
  uniqueEmail,
} from './fixtures';

/**
 * [WEBHOOKS] issue 13, points 4 and 5: the example receiver (examples/receiver/server.ts), run as a
 * real process, is the "by API" system. The admin registers it as the crm system's endpoint in the
 * back office, sees its secret once, and what happens in the portal reaches it signed: the receiver
 * verifies each message with the standardwebhooks package and handles each webhook-id once.
 */
const t = messages.en.backoffice.webhooks;

type Journal = {
  handled: string[];
  duplicates: number;
  messages: {
    id: string;
    type: string;
    data?: Record<string, unknown>;
    task?: { taskId: string; reference: string; action: string; items: { itemId: string; value?: string }[] };
  }[];
  items: Record<string, { value?: string; state: string }>;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function startReceiver(port: number, secret: string, token: string): Promise<ChildProcess> {
  const dir = path.resolve('test-results/webhooks');
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/receiver/server.ts'], {
    env: {
      ...process.env,
      WEBHOOK_SECRET: secret,
      PORT: String(port),
      RECEIVER_JOURNAL: path.join(dir, `journal-${port}.jsonl`),
      DERBES_URL: portalUrl(),
      DERBES_TOKEN: token,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('receiver listening')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the example receiver exited (${code})`)));
  });
}

// A real receiver process and a subject's and staff's browsers each: more than the default on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

test.describe('[WEBHOOKS] the crm system receives signed webhooks through the example receiver', () => {
  let receiver: ChildProcess | null = null;
  let endpointId: string | null = null;
  let port = 0;
  let deliveredMessageId = '';
  const journal = async () => (await (await fetch(`http://127.0.0.1:${port}/state`)).json()) as Journal;

  test.afterAll(async () => {
    // Off, so the other specs' events are not retried at a receiver that is gone.
    if (endpointId)
      await db.update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, endpointId));
    receiver?.kill('SIGTERM');
  });

  test('[WEBHOOKS] issue 13 point 4: the admin registers the endpoint, the secret is shown once, and a request registered reaches the receiver signed and verified', async ({
    page,
    browser,
  }) => {
    port = await freePort();
    const url = `http://127.0.0.1:${port}/webhooks`;
    await signInAs(page, (await createStaff('admin')).id);
    await page.goto('/en/admin/webhooks');
    await expect(page.getByRole('heading', { level: 1, name: t.title })).toBeVisible();
    await page.locator('select[name="systemId"]').selectOption({ label: 'Learner CRM' });
    await page.getByLabel(t.url).fill(url);
    await page.getByLabel(t.description).fill(`e2e receiver ${port}`);
    await page.getByRole('checkbox', { name: /^request\.registered/ }).check();
    await page.getByRole('checkbox', { name: /^task\.created/ }).check();
    await page.getByRole('button', { name: t.create }).click();
    await expect(page.getByRole('status')).toHaveText(t.created, { timeout: 20_000 });
    const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, url));
    endpointId = endpoint!.id;
    expect(endpoint!.secretEncrypted).not.toContain(secret.slice(6));
    // Shown once: the page read again has the endpoint, not its secret.
    await page.reload();
    await expect(page.getByRole('link', { name: url })).toBeVisible();
    await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);

    // The crm system's API token (the contract: `dbs_…`, kept as its SHA-256), which closes its tasks.
    const [crm] = await db.select({ id: systems.id }).from(systems).where(eq(systems.code, 'crm'));
    const token = generateApiToken();
    await db.insert(apiTokens).values({
      name: uniqueEmail('e2e receiver'),
      systemId: crm!.id,
      scopes: ['tasks:read', 'tasks:write'],
      tokenHash: token.hash,
      prefix: token.prefix,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    receiver = await startReceiver(port, secret, token.token);

    // A subject files a request in their own browser: request.registered is recorded and fanned out.
    const subjectContext = await browser.newContext();
    const subjectPage = await subjectContext.newPage();
    await signInAsSubject(subjectPage, await createSubject());
    await subjectPage.goto('/en/me/requests/new');
    await subjectPage.getByRole('link', { name: new RegExp(`^${messages.en.requests.types.ACCESS.title}`) }).click();
    await subjectPage.getByRole('button', { name: messages.en.requests.form.submit }).click();
    await expect(subjectPage).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}\?filed=1$/);
    const requestId = /\/me\/requests\/([0-9a-f-]{36})/.exec(subjectPage.url())![1]!;
    await subjectContext.close();

    let message: Journal['messages'][number] | undefined;
    await expect
      .poll(
        async () => {
          message = (await journal()).messages.find(
            (m) => m.type === 'request.registered' && m.data?.requestId === requestId,
          );
          return message !== undefined;
        },
        { timeout: 20_000, message: 'the receiver verified and handled the request.registered message' },
      )
      .toBe(true);
    expect(message!.data).toMatchObject({ requestId, type: 'ACCESS', channel: 'portal' });
    // The receiver records the message before it answers; the portal marks the delivery once the
    // answer is in (CI once read it between the two: still pending).
    await expect
      .poll(
        async () => (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.messageId, message!.id)))[0],
        { timeout: 20_000 },
      )
      .toMatchObject({ endpointId, state: 'delivered', attempts: 1, lastStatus: 200 });
    deliveredMessageId = message!.id;

    // The delivery log shows it, delivered at the first attempt.
    await page.goto(`/en/admin/webhooks/${endpointId}`);
    const row = page.locator(`tr[data-delivery="${message!.id}"]`);
    await expect(row).toContainText('request.registered');
    await expect(row).toContainText(t.states.delivered);
    await expect(row).toContainText('200');
  });

  test('[WEBHOOKS] redeliver: the same webhook-id again, which the receiver answers without acting twice', async ({
    page,
  }) => {
    expect(deliveredMessageId).not.toBe('');
    await signInAs(page, (await createStaff('admin')).id);
    const before = await journal();
    const [delivery] = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.messageId, deliveredMessageId));
    await page.goto(`/en/admin/webhooks/${endpointId}`);
    await page.waitForLoadState('networkidle');
    const row = page.locator(`tr[data-delivery="${delivery!.messageId}"]`);
    await row.getByRole('button', { name: t.redeliver }).click();
    await expect(row.getByRole('status')).toHaveText(t.redelivered);
    await expect.poll(async () => (await journal()).duplicates, { timeout: 20_000 }).toBe(before.duplicates + 1);
    const after = await journal();
    expect(after.handled.filter((id) => id === delivery!.messageId)).toHaveLength(1);
    await expect
      .poll(async () => {
        const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery!.id));
        return [row!.state, row!.attempts];
      })
      .toEqual(['delivered', 1]);
  });

  test('[WEBHOOKS] Art. 25(2)(8): a RECTIFY executed by staff reaches the crm system as task.created with the new value; the receiver applies it and closes the task through the API', async ({
    page,
    browser,
  }) => {
    expect(port).not.toBe(0);
    const newPhone = '+7 701 555 12 34';
    const subject = await createSubject();
    const subjectPage = await browser.newPage();
    await signInAsSubject(subjectPage, subject);
    await subjectPage.goto('/en/me/requests/new/rectify');
    await subjectPage.getByRole('checkbox', { name: /^Phone numbers/ }).check();
    await subjectPage.getByLabel(`${messages.en.requests.form.newValue} — Phone numbers`).fill(newPhone);
    await subjectPage.getByRole('button', { name: messages.en.requests.form.submit }).click();
    await expect(subjectPage).toHaveURL(/filed=1/);
    const requestId = /requests\/([0-9a-f-]{36})/.exec(subjectPage.url())![1]!;
    await subjectPage.close();
    const [request] = await db.select().from(requests).where(eq(requests.id, requestId));

    const b = messages.en.backoffice.request;
    await signInAs(page, (await createStaff('agent')).id);
    await page.goto(`/en/admin/requests/${requestId}`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: b.take }).click();
    await expect(page.getByText(messages.en.requestState.IN_PROGRESS).first()).toBeVisible();
    await page.getByLabel(b.outcome).fill('Your phone number is corrected.');
    await page.getByRole('button', { name: b.execute }).click();
    await expect(page.getByText(messages.en.requestState.EXECUTING).first()).toBeVisible();

    let message: Journal['messages'][number] | undefined;
    await expect
      .poll(
        async () => {
          message = (await journal()).messages.find(
            (m) => m.type === 'task.created' && m.task?.reference === request!.reference,
          );
          return message !== undefined;
        },
        { timeout: 20_000, message: 'the receiver handled the task.created message' },
      )
      .toBe(true);
    expect(message!.task!.action).toBe('rectify');
    expect(message!.task!.items.map((i) => i.value)).toEqual([newPhone]);
    // Applied to the system's own store.
    const state = await journal();
    expect(state.items[message!.task!.items[0]!.itemId]).toMatchObject({ value: newPhone, state: 'active' });
    // The value travelled only in the signed body: the outbox and the event hold none.
    const stored = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.messageId, message!.id));
    expect(JSON.stringify(stored)).not.toContain(newPhone);

    // Closed through the API by the receiver (POST /api/v1/tasks/{id}/done with the crm token): the
    // request completes, its only holding system having done its part.
    await expect
      .poll(
        async () =>
          (await db.select().from(executionTasks).where(eq(executionTasks.id, message!.task!.taskId)))[0]?.state,
        { timeout: 20_000 },
      )
      .toBe('done');
    await expect
      .poll(async () => (await db.select().from(requests).where(eq(requests.id, requestId)))[0]?.state)
      .toBe('COMPLETED');
  });

  test('[WEBHOOKS] a secret rotated in the back office: the receiver still on the old one keeps verifying for a day, and the page says until when', async ({
    page,
    browser,
  }) => {
    expect(port).not.toBe(0);
    const ru = messages.ru.backoffice.webhooks;
    await signInAs(page, (await createStaff('admin')).id);
    await page.goto(`/ru/admin/webhooks/${endpointId}`);
    await page.getByRole('button', { name: ru.rotate }).click();
    await expect(page.getByRole('status').filter({ hasText: ru.rotated })).toBeVisible({ timeout: 20_000 });
    expect((await page.getByTestId('webhook-secret').textContent())!.trim()).toMatch(/^whsec_/);
    await page.reload();
    const until = ru.oldSecretUntil.split('{time}')[0]!.trim();
    await expect(page.getByText(until)).toBeVisible();

    // The example receiver was not told of the new secret: the old signature, sent beside the new, verifies.
    const subjectContext = await browser.newContext();
    const subjectPage = await subjectContext.newPage();
    await signInAsSubject(subjectPage, await createSubject());
    await subjectPage.goto('/en/me/requests/new');
    await subjectPage.getByRole('link', { name: new RegExp(`^${messages.en.requests.types.ACCESS.title}`) }).click();
    await subjectPage.getByRole('button', { name: messages.en.requests.form.submit }).click();
    await expect(subjectPage).toHaveURL(/\/me\/requests\/[0-9a-f-]{36}\?filed=1$/);
    const requestId = /\/me\/requests\/([0-9a-f-]{36})/.exec(subjectPage.url())![1]!;
    await subjectContext.close();
    await expect
      .poll(
        async () =>
          (await journal()).messages.some((m) => m.type === 'request.registered' && m.data?.requestId === requestId),
        { timeout: 20_000, message: 'the receiver verified the message with the old secret' },
      )
      .toBe(true);
  });

  test('[WEBHOOKS] an address that is not https (and not this machine) is refused with a clear message; an auditor reads but cannot register', async ({
    page,
  }) => {
    await signInAs(page, (await createStaff('admin')).id);
    await page.goto('/en/admin/webhooks');
    await page.getByLabel(t.url).fill('ftp://crm.example.kz/hooks');
    await page.getByRole('checkbox', { name: /^request\.registered/ }).check();
    await page.getByRole('button', { name: t.create }).click();
    await expect(page.getByText(t.errors.format)).toBeVisible();
    await page.getByLabel(t.url).fill('https://crm.example.kz/hooks');
    await page.getByRole('checkbox', { name: /^request\.registered/ }).uncheck();
    await page.getByRole('button', { name: t.create }).click();
    await expect(page.getByText(t.errors.noEvents)).toBeVisible();

    await page.context().clearCookies();
    await signInAs(page, (await createStaff('auditor')).id);
    await page.goto('/en/admin/webhooks');
    await expect(page.getByRole('heading', { level: 1, name: t.title })).toBeVisible();
    await expect(page.getByRole('button', { name: t.create })).toHaveCount(0);
  });
});
