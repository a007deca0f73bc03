import { format } from 'node:util';
import pino from 'pino';
import { env } from './env';

/**
 * Structured JSON logs (one line per event, with a level and a time) for every process: the web
 * server, the worker, `npm start` and the command line. Personal data never reaches a log:
 * - fields that may hold it are censored by name (`redact`);
 * - free text (messages, error messages and stacks) is scrubbed of e-mail addresses, IINs and
 *   other long numbers, URL credentials and query strings, and values quoted in database errors;
 * - database errors are logged by their code and constraint, never with their query, parameters
 *   or detail (postgres.js attaches all three, and the detail repeats the offending value).
 */
const REDACTED_FIELDS = [
  'email',
  'to',
  'toAddress',
  'address',
  'recipient',
  'recipients',
  'iin',
  'phone',
  'name',
  'fullName',
  'value',
  'token',
  'password',
  'secret',
  'url',
  'query',
  'parameters',
  'detail',
  'text',
  'html',
  'body',
  'headers',
  'cookie',
  // Where a request came from: kept in the audit trail for staff, never in a log.
  'clientAddress',
  'userAgent',
];

export function scrub(input: string): string {
  return (
    input
      // Drizzle's "Failed query: … params: …" repeats the values.
      .replace(/\bparams: [^\n]*/g, 'params: [redacted]')
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s/@]+@/gi, (m) => `${m.slice(0, m.indexOf('//') + 2)}[redacted]@`)
      .replace(/[^\s<>"'@(),;:/[\]]+@[^\s<>"'@(),;:/[\]]+\.[a-z]{2,}/gi, '[email]')
      .replace(/(https?:\/\/[^\s?#"']+)\?[^\s#"']*/gi, '$1?[redacted]')
      .replace(/\b(token|secret|password|code)=([^\s&"']+)/gi, '$1=[redacted]')
      .replace(/\d{6,}/g, '[number]')
      .replace(/(for type [\w ]+|value|key|input): "[^"]*"/gi, '$1: "[redacted]"')
      .replace(/\(([^()]*)\)=\(([^()]*)\)/g, '($1)=([redacted])')
  );
}

type LoggedError = {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  stack?: string;
  cause?: LoggedError;
};

export function serializeError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrub(String(error)) };
  const extra = error as Error & { code?: unknown; constraint_name?: unknown };
  return {
    type: error.name,
    message: scrub(error.message),
    ...(typeof extra.code === 'string' ? { code: extra.code } : {}),
    ...(typeof extra.constraint_name === 'string' ? { constraint: extra.constraint_name } : {}),
    ...(error.stack ? { stack: scrub(error.stack) } : {}),
    ...(error.cause !== undefined ? { cause: serializeError(error.cause) } : {}),
  };
}

function createLogger(destination?: pino.DestinationStream) {
  let level: pino.LevelWithSilent = 'info';
  try {
    level = env().LOG_LEVEL;
  } catch {
    // A broken configuration is reported by whoever parses it; logging still works.
  }
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [...REDACTED_FIELDS, ...REDACTED_FIELDS.flatMap((f) => [`*.${f}`, `*.*.${f}`])],
        censor: '[redacted]',
      },
      serializers: { err: serializeError, error: serializeError },
      hooks: {
        // Messages are free text: scrub them like error messages.
        logMethod(args, method) {
          const [first, ...rest] = args;
          // An error with no message of its own: pino would copy err.message, unscrubbed, into msg.
          const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
          if (error instanceof Error && typeof rest[0] !== 'string') {
            return method.apply(this, [first instanceof Error ? { err: first } : first, scrub(error.message)]);
          }
          if (typeof first === 'string') return method.apply(this, [scrub(format(first, ...rest))]);
          if (typeof rest[0] === 'string') return method.apply(this, [first, scrub(format(rest[0], ...rest.slice(1)))]);
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

export type Logger = pino.Logger;

const holder = globalThis as unknown as { derbesLogger?: Logger };

/** The process's logger; `component` names the part speaking (worker, start, cli…). */
export function logger(component?: string): Logger {
  holder.derbesLogger ??= createLogger();
  return component ? holder.derbesLogger.child({ component }) : holder.derbesLogger;
}

/** For tests: a logger writing to the given stream. */
export function createTestLogger(destination: pino.DestinationStream): Logger {
  return createLogger(destination);
}

/**
 * Sends everything written with console.* (by Next.js, Auth.js and libraries) through the logger,
 * so that it is JSON and scrubbed too. Errors among the arguments are serialized, not printed.
 */
export function routeConsoleToLogger(component = 'console'): void {
  const log = logger(component);
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const error = args.find((a) => a instanceof Error);
      const message = format(
        ...args.filter((a) => !(a instanceof Error)).map((a) => (typeof a === 'object' && a !== null ? '[object]' : a)),
      );
      if (error) log[level]({ err: error }, message || (error as Error).message);
      else log[level](message);
    };
  console.log = forward('info');
  console.info = forward('info');
  console.debug = forward('debug');
  console.warn = forward('warn');
  console.error = forward('error');
}
