import 'server-only';
import { headers } from 'next/headers';
import { logger, type Logger } from './log';

/**
 * The logger for code serving a request (pages, server actions, route handlers): every line
 * carries the request id the proxy gave the request (or the reverse proxy's X-Request-Id), which
 * is also sent back to the browser, so a reported problem can be found in the logs.
 */
export async function requestLogger(component: string): Promise<Logger> {
  const requestId = (await headers()).get('x-request-id') ?? undefined;
  return logger(component).child({ requestId });
}
