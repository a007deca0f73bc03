import type { Db } from '@/db';
import type { Logger } from '@/lib/log';

/**
 * How the background workers wait for work (the e-mail outbox, imports): a pass now, then one each
 * time a NOTIFY on `channel` arrives (sent at the commit that made work) or `pollMs` passes, which
 * covers a missed notice. A failed pass is logged and the loop goes on. `stopping` is for the
 * worker's own passes, which end early once it is set.
 */
export function listeningLoop(options: {
  db: Db;
  channel: string;
  pass: () => Promise<unknown>;
  log?: Logger;
  /** What a failed pass is logged as ("outbox", "import"). */
  name: string;
  /** Called as stopping begins, before waiting for the pass under way (interrupts it). */
  onStop?: () => void;
}) {
  let stopping = false;
  let wake: (() => void) | null = null;
  // A notice that came during a pass: the pass may have looked before that work was committed.
  let noticed = false;
  let unlisten: (() => Promise<void>) | null = null;
  let running: Promise<void> | null = null;

  async function loop(pollMs: number): Promise<void> {
    while (!stopping) {
      try {
        await options.pass();
      } catch (error) {
        options.log?.error({ err: error }, `${options.name}: a pass failed`);
      }
      if (stopping) break;
      if (noticed) {
        noticed = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  return {
    get stopping() {
      return stopping;
    },
    async start(pollMs: number): Promise<void> {
      const listener = await options.db.$client.listen(options.channel, () => {
        if (wake) wake();
        else noticed = true;
      });
      unlisten = () => listener.unlisten();
      running = loop(pollMs);
    },
    async stop(): Promise<void> {
      stopping = true;
      options.onStop?.();
      wake?.();
      await running;
      await unlisten?.();
    },
  };
}
