import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What a pool's thread answers for each message: the result, or why it failed. */
export type ThreadReply<Out> = { ok: true; value: Out } | { ok: false; error: string };

type Job = { message: unknown; resolve: (value: never) => void; reject: (error: Error) => void };
type Thread = { worker: Worker; job: Job | null };

/**
 * CPU-only work (a statement PDF: ~20 ms of JavaScript) run on other threads. Node runs a
 * process's JavaScript on one thread, so however many cores the machine has, the portal rendered
 * at most ~45 statements a second and every page waited behind each one (issue 15: ACCESS at 50/s).
 *
 * `start` creates one thread: in the Next.js server, written at the caller as
 * `new Worker(new URL('./x-thread.ts', import.meta.url))`, the form its build finds and bundles the
 * thread's file from; elsewhere startSourceThread. Threads start when work comes,
 * up to `size`, each doing one job at a time, the rest waiting in order; an idle thread does not
 * keep the process alive. A thread that dies fails its job (the caller's action shows its error)
 * and the next job starts another.
 */
export function createThreadPool<In, Out>(start: () => Worker, size = Math.min(4, availableParallelism())) {
  const threads: Thread[] = [];
  const waiting: Job[] = [];

  function give(thread: Thread, job: Job) {
    thread.job = job;
    thread.worker.ref();
    thread.worker.postMessage(job.message);
  }

  function dispatch() {
    while (waiting.length > 0) {
      const thread = threads.find((t) => t.job === null) ?? (threads.length < size ? spawn() : undefined);
      if (!thread) return;
      give(thread, waiting.shift()!);
    }
  }

  function spawn(): Thread {
    const thread: Thread = { worker: start(), job: null };
    thread.worker.on('message', (reply: ThreadReply<Out>) => {
      const job = thread.job;
      thread.job = null;
      thread.worker.unref();
      if (reply.ok) job?.resolve(reply.value as never);
      else job?.reject(new Error(reply.error));
      dispatch();
    });
    // 'error' is followed by 'exit': the thread leaves the pool once.
    const fail = (error: Error) => {
      const at = threads.indexOf(thread);
      if (at === -1) return;
      threads.splice(at, 1);
      thread.job?.reject(error);
      thread.job = null;
      dispatch();
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`the thread stopped (exit code ${code})`)));
    threads.push(thread);
    return thread;
  }

  return {
    run: (message: In) =>
      new Promise<Out>((resolve, reject) => {
        waiting.push({ message, resolve: resolve as (value: never) => void, reject });
        dispatch();
      }),
    /** Stops every thread, failing what they and the queue still held (tests; an exiting process stops them anyway). */
    close: async () => {
      const stopped = threads.splice(0);
      const unfinished = [...stopped.flatMap((t) => (t.job ? [t.job] : [])), ...waiting.splice(0)];
      for (const job of unfinished) job.reject(new Error('the thread pool was closed'));
      await Promise.all(stopped.map((t) => t.worker.terminate()));
    },
  };
}

/** The thread's side: answers each message with `work`'s result, or its error's message. */
export function serveThread<In, Out>(
  port: { on(event: 'message', listener: (message: In) => void): unknown; postMessage(reply: unknown): void },
  work: (message: In) => Promise<Out>,
) {
  port.on('message', (message) => {
    work(message).then(
      (value) => port.postMessage({ ok: true, value } satisfies ThreadReply<Out>),
      (error: unknown) => port.postMessage({ ok: false, error: String(error) } satisfies ThreadReply<Out>),
    );
  });
}

/**
 * A thread running a TypeScript file from the sources, outside the Next.js server (tests, the
 * benchmarks, the worker process, all under tsx): Node 20 does not hand tsx's loader down to a
 * thread, so the thread registers it before importing the file. `entry` is relative to `base`
 * (the caller's import.meta.url), given as text so the Next.js build does not take it for a file
 * of its own to copy.
 */
export const startSourceThread = (entry: string, base: string) =>
  new Worker("import('tsx/esm/api').then(({ register }) => { register(); return import(process.argv[2]); })", {
    eval: true,
    argv: [new URL(entry, base).href],
  });
