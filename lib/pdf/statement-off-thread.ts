import { Worker } from 'node:worker_threads';
import { isNextServer } from '@/lib/env';
import { createThreadPool, startSourceThread } from '@/lib/threads/pool';
import type { renderStatementPdf } from './statement';

type Args = Parameters<typeof renderStatementPdf>;

// One pool for the process: Next.js may load this module more than once (db/index.ts notes the same).
const key = Symbol.for('derbes.pdf.statement-threads');
const shared = globalThis as { [key]?: ReturnType<typeof createThreadPool<Args, Uint8Array>> };
const pool = () =>
  (shared[key] ??= createThreadPool<Args, Uint8Array>(() =>
    isNextServer()
      ? new Worker(new URL('./statement-thread.ts', import.meta.url))
      : startSourceThread('./statement-thread.ts', import.meta.url),
  ));

/**
 * The statement of lib/pdf/statement.ts, rendered on another thread (lib/threads/pool.ts): the
 * same PDF, while this thread goes on serving pages and transactions. What it is made of is
 * copied to the thread (plain data: the report, consents, profile, language and time).
 */
export async function renderStatementPdfOffThread(...args: Args): Promise<Buffer> {
  const pdf = await pool().run(args);
  // A Buffer crosses as a Uint8Array over the same bytes.
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

/** Stops the pool's threads (tests). */
export const closeStatementThreads = () => shared[key]?.close();
