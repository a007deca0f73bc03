import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { outgoingEmails } from '@/db/schema/mail';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '@/scripts/smtp-sink';
import { enqueueEmail } from './outbox';
import { createSmtpSend } from './transport';
import { createOutboxWorker } from './worker';

let t: TestDatabase;
let sink: SmtpSink;
const received: SinkMessage[] = [];

before(async () => {
  t = await createTestDatabase();
  sink = await startSmtpSink(0, received);
});
after(async () => {
  await sink.stop();
  await t.drop();
});

const email = (to: string, subject: string) => ({
  kind: 'test',
  to,
  locale: 'kk' as const,
  subject,
  text: `Сәлеметсіз бе! ${subject}`,
  html: `<p>${subject}</p>`,
});

// No waiting between retries in tests; the production backoff is tested on its own below.
const worker = () =>
  createOutboxWorker({ db: t.db, send: createSmtpSend(`smtp://127.0.0.1:${sink.port}`), backoff: () => 0 });

describe('[OUTBOX] PRODUCT.md "Nothing lost": e-mails go through the outbox', () => {
  test('[OUTBOX] an e-mail written with its change is delivered over SMTP, in Kazakh letters intact', async () => {
    await t.db.transaction((tx) => enqueueEmail(tx, email('first@example.kz', 'Өтініш тіркелді: әғқңөұүһі')));
    assert.deepEqual(await worker().tick(), { sent: 1, failed: 0, expired: 0 });
    const message = received.find((m) => m.to.includes('first@example.kz'));
    assert.equal(message?.subject, 'Өтініш тіркелді: әғқңөұүһі');
    assert.match(message?.text ?? '', /Сәлеметсіз бе!/);
  });

  test('[OUTBOX] an e-mail of a rolled-back change is never sent', async () => {
    await assert.rejects(
      t.db.transaction(async (tx) => {
        await enqueueEmail(tx, email('never@example.kz', 'rolled back'));
        throw new Error('the change failed');
      }),
    );
    assert.deepEqual(await worker().tick(), { sent: 0, failed: 0, expired: 0 });
    assert.equal(
      received.some((m) => m.to.includes('never@example.kz')),
      false,
    );
  });

  test('[OUTBOX] with the SMTP server down nothing is lost, and sending resumes when it is back', async () => {
    const port = sink.port;
    await sink.stop();
    await enqueueEmail(t.db, email('later@example.kz', 'sent after the outage'));

    assert.deepEqual(await worker().tick(), { sent: 0, failed: 0, expired: 0 });
    const [waiting] = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'later@example.kz'));
    assert.equal(waiting?.state, 'pending');
    assert.equal(waiting?.attempts, 1);
    assert.match(waiting?.lastError ?? '', /ECONNREFUSED|connect/i);

    sink = await startSmtpSink(port, received);
    assert.deepEqual(await worker().tick(), { sent: 1, failed: 0, expired: 0 });
    const [sent] = await t.db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'later@example.kz'));
    assert.equal(sent?.state, 'sent');
    assert.equal(sent?.attempts, 2);
    assert.equal(received.filter((m) => m.to.includes('later@example.kz')).length, 1);
  });

  test('[OUTBOX] two workers at once send each e-mail exactly once', async () => {
    for (let i = 0; i < 12; i++) await enqueueEmail(t.db, email(`many${i}@example.kz`, `many ${i}`));
    const [a, b] = await Promise.all([worker().tick(), worker().tick()]);
    assert.equal(a.sent + b.sent, 12);
    for (let i = 0; i < 12; i++) assert.equal(received.filter((m) => m.to.includes(`many${i}@example.kz`)).length, 1);
  });

  test('[OUTBOX] with a slow SMTP server, two workers still send each e-mail once: the lease is renewed while sending', async () => {
    // The relay takes longer per message than a lease lasts without renewal, and the second worker
    // keeps polling: without renewal it would take over rows the first is still sending.
    const slowReceived: SinkMessage[] = [];
    const slow = await startSmtpSink(0, slowReceived, { delayMs: 1200 });
    const workers = [0, 1].map(() =>
      createOutboxWorker({
        db: t.db,
        send: createSmtpSend(`smtp://127.0.0.1:${slow.port}`),
        backoff: () => 0,
        leaseSeconds: 1,
        pollMs: 200,
      }),
    );
    try {
      for (let i = 0; i < 4; i++) await enqueueEmail(t.db, email(`slow${i}@example.kz`, `slow ${i}`));
      await Promise.all(workers.map((w) => w.start()));
      const sentRows = async () =>
        (await t.db.select().from(outgoingEmails)).filter((r) => r.toAddress.startsWith('slow') && r.state === 'sent');
      for (let i = 0; i < 150 && (await sentRows()).length < 4; i++) await new Promise((r) => setTimeout(r, 100));
      // Time for a duplicate, had a row been taken over, to arrive as well.
      await new Promise((r) => setTimeout(r, 1500));
      for (let i = 0; i < 4; i++)
        assert.equal(slowReceived.filter((m) => m.to.includes(`slow${i}@example.kz`)).length, 1, `slow${i} sent once`);
      assert.ok((await sentRows()).every((r) => r.attempts === 1 && r.lockedBy === null));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await slow.stop();
    }
  });

  test('[OUTBOX] a worker that stops hands the e-mails it claimed but did not try back at once', async () => {
    const slowReceived: SinkMessage[] = [];
    const slow = await startSmtpSink(0, slowReceived, { delayMs: 1000 });
    try {
      for (let i = 0; i < 3; i++) await enqueueEmail(t.db, email(`handback${i}@example.kz`, `hand back ${i}`));
      const running = createOutboxWorker({
        db: t.db,
        send: createSmtpSend(`smtp://127.0.0.1:${slow.port}`),
        pollMs: 60_000,
      });
      await running.start();
      await new Promise((r) => setTimeout(r, 300));
      await running.stop();
      const rows = (await t.db.select().from(outgoingEmails)).filter((r) => r.toAddress.startsWith('handback'));
      const waiting = rows.filter((r) => r.state === 'pending');
      assert.equal(rows.filter((r) => r.state === 'sent').length + waiting.length, 3);
      assert.ok(waiting.length >= 1);
      assert.ok(
        waiting.every((r) => r.lockedUntil === null && r.attempts === 0),
        'not leased, attempt not counted',
      );
      // The next worker delivers them.
      assert.equal((await worker().tick()).sent, waiting.length);
    } finally {
      await slow.stop();
    }
  });

  test('[OUTBOX] an expired sign-in link is dropped rather than sent late', async () => {
    await enqueueEmail(t.db, {
      ...email('stale@example.kz', 'old link'),
      kind: 'sign_in',
      expiresAt: new Date(Date.now() - 1000),
    });
    assert.deepEqual(await worker().tick(), { sent: 0, failed: 0, expired: 1 });
    assert.equal(
      received.some((m) => m.to.includes('stale@example.kz')),
      false,
    );
  });

  test('[OUTBOX] a running worker is woken by the commit and delivers without polling', async () => {
    const running = createOutboxWorker({
      db: t.db,
      send: createSmtpSend(`smtp://127.0.0.1:${sink.port}`),
      pollMs: 60_000,
    });
    await running.start();
    try {
      await t.db.transaction((tx) => enqueueEmail(tx, email('woken@example.kz', 'woken by notify')));
      for (let i = 0; i < 50 && !received.some((m) => m.to.includes('woken@example.kz')); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(received.filter((m) => m.to.includes('woken@example.kz')).length, 1);
    } finally {
      await running.stop();
    }
  });
});

test('[OUTBOX] retries back off exponentially, from about 30 seconds to at most about an hour', async () => {
  const { backoffSeconds } = await import('./worker');
  assert.ok(backoffSeconds(1) >= 24 && backoffSeconds(1) <= 36);
  assert.ok(backoffSeconds(4) >= 192 && backoffSeconds(4) <= 288);
  assert.ok(backoffSeconds(20) <= 4320);
});
