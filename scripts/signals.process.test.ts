import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findFreePort } from '@/db/embedded';
import { enqueueEmail } from '@/lib/mail/outbox';
import {
  get,
  inFlightWhile,
  isAlive,
  privateDir,
  processFixtures,
  spawnScript,
  startPortal,
  webPid,
} from './process-harness';

/**
 * `npm start` and `npm run worker` as a supervisor, a container runtime and an operator stop them:
 * kill -9, SIGTERM and Ctrl+C, a second start on the same data folder, on the standalone build, a
 * real PostgreSQL and SMTP sink (scripts/process-harness.ts). In a file of its own so that it runs
 * beside start.process.test.ts.
 */
const fixtures = processFixtures();

describe('[PROCESS] npm start as a supervisor trusts it', () => {
  test('[PROCESS] if the web server dies (kill -9), npm start stops everything and exits non-zero within seconds', async () => {
    const portal = await startPortal(fixtures.demo());
    const pid = await webPid(portal);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const { code } = await portal.exited;
    assert.equal(code, 1);
    assert.ok(Date.now() - killedAt < 5000, 'within seconds');
  });

  test('[PROCESS] if npm start itself is killed outright, the web server it ran stops too', async () => {
    const portal = await startPortal(fixtures.demo());
    const pid = await webPid(portal);
    portal.child.kill('SIGKILL');
    await portal.exited;
    // It notices within a second and drains as on SIGTERM, which ends within its hard limit (25 s,
    // scripts/web-lifecycle.mjs) however loaded the machine is.
    for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(isAlive(pid), false);
  });

  test('[PROCESS] SIGTERM drains: every request in flight is answered, then the jobs and the database stop, and the exit is 0', async () => {
    const portal = await startPortal(fixtures.demo());
    let health: Promise<{ status: number; body: string }> | null = null;
    const answers = await inFlightWhile(portal, () => {
      portal.child.kill('SIGTERM');
      // A load balancer asking now is told to stop sending traffic.
      health = new Promise((r) => setTimeout(r, 200)).then(() => get(portal.port, '/api/health'));
    });
    assert.deepEqual(answers, Array(60).fill('200'));
    assert.equal((await health!).status, 503);
    assert.equal((await portal.exited).code, 0);
    const log = portal.output();
    assert.ok(log.indexOf('"msg":"stopping"') < log.indexOf('"msg":"stopped"'));
  });

  test('[PROCESS] Ctrl+C (SIGINT to the whole group) drains too: the embedded database is not in that group and stops last', async () => {
    const dataDir = privateDir();
    const portal = await startPortal({ DERBES_DATA_DIR: dataDir }, { detached: true });
    const answers = await inFlightWhile(portal, () => process.kill(-portal.child.pid!, 'SIGINT'));
    assert.deepEqual(answers, Array(60).fill('200'));
    assert.equal((await portal.exited).code, 0);
  });

  test('[PROCESS] a second start on the same data folder is refused in one line; the command line shares the running database', async () => {
    const dataDir = privateDir();
    const first = await startPortal({ DERBES_DATA_DIR: dataDir });
    try {
      const second = spawnScript('scripts/start.ts', { DERBES_DATA_DIR: dataDir, PORT: String(await findFreePort()) });
      assert.equal((await second.exited).code, 1);
      assert.match(second.output(), /derbes: the database in .* is in use by process \d+/);
      assert.doesNotMatch(second.output(), /\n\s+at /);

      const cli = spawnScript('scripts/cli.ts', { DERBES_DATA_DIR: dataDir }, ['calendar', 'status']);
      assert.equal((await cli.exited).code, 0, cli.output());
      assert.match(cli.output(), /holiday data until 2027-12-31/);
    } finally {
      first.child.kill('SIGTERM');
      assert.equal((await first.exited).code, 0);
    }
    // With the portal stopped, the command line starts the database for itself and stops it after.
    const cli = spawnScript('scripts/cli.ts', { DERBES_DATA_DIR: dataDir }, ['verify-audit']);
    assert.equal((await cli.exited).code, 0, cli.output());
    assert.match(cli.output(), /audit trail intact/);
    const again = await startPortal({ DERBES_DATA_DIR: dataDir });
    again.child.kill('SIGTERM');
    assert.equal((await again.exited).code, 0);
  });

  test('[PROCESS] npm run worker runs beside the portal and stops cleanly on SIGTERM', async () => {
    const worker = spawnScript('scripts/worker.ts', { ...fixtures.demo(), JOBS_IN_PROCESS: 'false' });
    for (let i = 0; i < 200 && !/worker ready/.test(worker.output()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(worker.output(), /worker ready/);
    await enqueueEmail(fixtures.t.db, {
      kind: 'test',
      to: 'from-worker@example.kz',
      locale: 'en',
      subject: 'worker',
      text: 'hello',
      html: '<p>hello</p>',
    });
    for (let i = 0; i < 100 && !fixtures.sink.messages.some((m) => m.to.includes('from-worker@example.kz')); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(fixtures.sink.messages.some((m) => m.to.includes('from-worker@example.kz')));
    worker.child.kill('SIGTERM');
    assert.equal((await worker.exited).code, 0);
  });
});
