import type { Instrumentation } from 'next';

/**
 * Runs once when the Next.js server starts, and on every error a request ends with. Node-only code
 * is imported behind NEXT_RUNTIME, since this file is also compiled for the edge runtime.
 */
export async function register() {
  // Not while building: a build needs no runtime configuration.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startWebServer } = await import('./lib/server-start');
  startWebServer();
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logger } = await import('./lib/log');
  const header = request.headers['x-request-id'];
  // The route pattern, never the path (it carries ids) or the query (it carries search terms).
  logger('web').error(
    {
      err: error,
      requestId: Array.isArray(header) ? header[0] : header,
      method: request.method,
      route: context.routePath,
      kind: context.routeType,
    },
    'a request failed',
  );
};
