import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createThreadPool } from './pool';

/** A thread doubling numbers, failing on 'bad' and stopping dead on 'die': plain JavaScript, no loader needed. */
const doubler = () =>
  new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', (m) => {
       if (m === 'die') process.exit(3);
       parentPort.postMessage(m === 'bad' ? { ok: false, error: 'Error: bad input' } : { ok: true, value: m * 2 });
     });`,
    { eval: true },
  );

test('[THREADS] issue 15: more jobs than threads all come back, each with its own answer', async () => {
  const pool = createThreadPool<number, number>(doubler, 2);
  try {
    const inputs = Array.from({ length: 25 }, (_, i) => i);
    assert.deepEqual(
      await Promise.all(inputs.map((i) => pool.run(i))),
      inputs.map((i) => i * 2),
    );
  } finally {
    await pool.close();
  }
});

test('[THREADS] a failed job, or a thread that dies, fails only its own job; the next ones still run', async () => {
  const pool = createThreadPool<number | string, number>(doubler, 1);
  try {
    await assert.rejects(pool.run('bad'), /bad input/);
    const [died, after] = await Promise.allSettled([pool.run('die'), pool.run(21)]);
    assert.equal(died.status, 'rejected');
    assert.match(String((died as PromiseRejectedResult).reason), /exit code 3/);
    assert.deepEqual(after, { status: 'fulfilled', value: 42 });
  } finally {
    await pool.close();
  }
});

test('[THREADS] closing the pool fails what it still held: no caller waits forever', async () => {
  const pool = createThreadPool<number, number>(
    () =>
      new Worker('setInterval(() => {}, 1000); require("node:worker_threads").parentPort.on("message", () => {})', {
        eval: true,
      }),
    1,
  );
  const settled = Promise.allSettled([pool.run(1), pool.run(2)]); // one running, one queued
  await pool.close();
  for (const result of await settled) {
    assert.equal(result.status, 'rejected');
    assert.match(String((result as PromiseRejectedResult).reason), /closed/);
  }
});
