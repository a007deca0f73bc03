/**
 * Runs `job` now and then every `intervalMs`, one run at a time, logging failures instead of
 * stopping. For the periodic work `npm start` does beside the web server (activity e-mails).
 */
export function every(intervalMs: number, job: () => Promise<unknown>, log: (line: string) => void, name: string) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = job()
      .catch((error) => log(`${name}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
