import { ConfigError, env } from './env';
import { logger, routeConsoleToLogger } from './log';

/**
 * The Next.js server's start (instrumentation.ts): the configuration is checked before the first
 * request, so a server started without `npm start` (the container, a systemd unit running
 * server.js) refuses a bad configuration the same way, and every console line becomes a scrubbed
 * JSON log line.
 */
export function startWebServer(): void {
  try {
    env();
  } catch (error) {
    const problems = error instanceof ConfigError ? error.problems : [String(error)];
    for (const problem of problems) process.stderr.write(`derbes: configuration: ${problem}\n`);
    process.exit(1);
  }
  routeConsoleToLogger('web');
  logger('web').info('web server started');
}
