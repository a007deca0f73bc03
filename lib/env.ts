import { z } from 'zod';

/**
 * Every variable the portal reads, declared once with its default and meaning. Nothing else reads
 * `process.env` (an ESLint rule keeps it so). `.env.example` lists the same variables; a test
 * checks that the two agree.
 *
 * Two modes, one switch (DERBES_MODE):
 * - demo (the default): `npm install && npm start` with no configuration gives the embedded
 *   PostgreSQL server, the demo operator and the demo mailbox, listening on 127.0.0.1 only;
 * - production: the portal refuses to start without a real database (an application role and the
 *   owner that migrates), SMTP, a secret, an https address, a sender and the audit seal key, and
 *   never seeds demo data or serves the demo mailbox.
 *
 * An empty variable counts as unset. Problems are reported one line each, naming the variable and
 * what is wrong, never its value (a DATABASE_URL or SMTP_URL carries a password).
 */

const text = z.string();
/** A whole number written in decimal digits (not 0x10, 1e3 or 8.5), within bounds. */
const wholeNumber = (min: number, max: number, message: string) =>
  text.refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, message).transform(Number);
const port = wholeNumber(1, 65535, 'must be a port number (1–65535)');
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

/** A URL of one of `protocols` with a host (`smtp:/x` parses as a URL, but has none). */
function isUrl(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '' && value.startsWith(`${url.protocol}//`);
  } catch {
    return false;
  }
}

/** Whether two database URLs log in as the same role (false when either does not parse). */
function sameRole(a: string, b: string): boolean {
  try {
    return new URL(a).username === new URL(b).username;
  } catch {
    return false;
  }
}

const EMAIL = /^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/;

/** name → schema, meaning (for .env.example and the README) and the default as people read it. */
export const variables = {
  DERBES_MODE: {
    schema: z.enum(['demo', 'production'], { error: 'must be demo or production' }).default('demo'),
    meaning:
      'demo (embedded database, demo data, demo mailbox, 127.0.0.1 only) or production (refuses unsafe settings)',
    fallback: 'demo',
  },
  PORT: { schema: port.default(3000), meaning: 'HTTP port of the portal', fallback: '3000' },
  HOST: {
    schema: text.optional(),
    meaning: 'address the portal listens on in production; demo mode always listens on 127.0.0.1',
    fallback: '0.0.0.0 in production',
  },
  AUTH_URL: {
    schema: text
      .refine((v) => {
        if (!isUrl(v, ['http:', 'https:'])) return false;
        const url = new URL(v);
        return ['', '/'].includes(url.pathname) && !url.username && !url.password && !url.search && !url.hash;
      }, 'must be the public address of the portal, such as https://privacy.example.kz (no path, query or credentials)')
      .transform((v) => new URL(v).origin)
      .optional(),
    meaning: 'the public address of the portal, used in e-mailed links (https in production)',
    fallback: 'http://localhost:$PORT in demo mode',
  },
  AUTH_SECRET: {
    schema: text
      .refine((v) => Buffer.byteLength(v) >= 32, 'must be at least 32 bytes (openssl rand -base64 32)')
      .optional(),
    meaning: 'secret for sign-in tokens, 32 bytes or more',
    fallback: 'demo mode generates one into $DERBES_DATA_DIR/auth-secret',
  },
  DATABASE_URL: {
    schema: text
      .refine(
        (v) => isUrl(v, ['postgres:', 'postgresql:']),
        'must be a URL such as postgres://user:password@host:5432/derbes',
      )
      .optional(),
    meaning: 'PostgreSQL 15+ (on the territory of Kazakhstan in production, Art. 12(2))',
    fallback: 'the embedded server in demo mode',
  },
  DATABASE_OWNER_URL: {
    schema: text
      .refine(
        (v) => isUrl(v, ['postgres:', 'postgresql:']),
        'must be a URL such as postgres://derbes_owner:password@host:5432/derbes',
      )
      .optional(),
    meaning:
      'the role that owns the tables, used only to migrate (and grant DATABASE_URL its privileges); DATABASE_URL is then the application role, which must not be a superuser or the owner',
    fallback: "demo mode: the embedded server's owner, or DATABASE_URL itself when DATABASE_URL is given",
  },
  DATABASE_POOL_SIZE: {
    schema: wholeNumber(1, 100, 'must be a whole number from 1 to 100').default(10),
    meaning: 'database connections per process',
    fallback: '10',
  },
  SMTP_URL: {
    schema: text
      .refine((v) => isUrl(v, ['smtp:', 'smtps:']), 'must be a URL such as smtps://user:password@smtp.example.kz:465')
      .optional(),
    meaning: 'the SMTP relay e-mails leave through',
    fallback: 'demo mode: none, e-mails appear in the demo mailbox only',
  },
  MAIL_FROM: {
    schema: text
      .refine(
        (v) => EMAIL.test(/<([^>]*)>\s*$/.exec(v)?.[1] ?? v),
        'must be an address, optionally with a name: Derbes <no-reply@example.kz>',
      )
      .optional(),
    meaning: 'sender of every e-mail',
    fallback: 'Derbes <no-reply@derbes.localhost> in demo mode',
  },
  AUDIT_SEAL_KEY: {
    schema: text
      .refine((v) => Buffer.byteLength(v) >= 32, 'must be at least 32 bytes (openssl rand -base64 32)')
      .optional(),
    meaning:
      "key that seals each day's last audit hash (HMAC-SHA256), 32 bytes or more; keep it out of the database and its backups, and a copy offline: verify-audit needs it",
    fallback: 'demo mode generates one into $DERBES_DATA_DIR/audit-seal-key',
  },
  AUDIT_SEALS_FILE: {
    schema: text.optional(),
    meaning: 'file the daily audit seals are appended to (JSON lines), outside the database; copy it off the server',
    fallback: '$DERBES_DATA_DIR/audit-seals.jsonl',
  },
  ADMIN_EMAIL: {
    schema: text
      .refine((v) => EMAIL.test(v), 'must be an e-mail address')
      .transform((v) => v.toLowerCase())
      .optional(),
    meaning: 'on a database with no admin yet, this address becomes the first admin',
    fallback: 'none',
  },
  DERBES_DATA_DIR: {
    schema: text.default('.data'),
    meaning: 'folder of the embedded PostgreSQL cluster and the generated secret (demo mode)',
    fallback: '.data',
  },
  EMBEDDED_PG_PORT: {
    schema: port.optional(),
    meaning: 'fixed port for the embedded PostgreSQL server',
    fallback: 'a free port',
  },
  SEED_DEMO: {
    schema: flag.optional(),
    meaning:
      "seed the demo operator on an empty database (demo mode); false starts empty, for loading the operator's own data",
    fallback: 'true in demo mode; production never seeds',
  },
  JOBS_IN_PROCESS: {
    schema: flag.optional(),
    meaning: 'run the e-mail worker and the scheduled jobs inside `npm start`; otherwise run `npm run worker`',
    fallback: 'true in demo mode, false in production',
  },
  LOG_LEVEL: {
    schema: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
        error: 'must be one of trace, debug, info, warn, error, fatal, silent',
      })
      .default('info'),
    meaning: 'the least severe log level written (JSON lines on stdout)',
    fallback: 'info',
  },
  METRICS_TOKEN: {
    schema: text.refine((v) => v.length >= 16, 'must be at least 16 characters').optional(),
    meaning: 'enables /api/metrics (Prometheus) for requests bearing this token',
    fallback: 'none: /api/metrics answers 404',
  },
  TRUSTED_PROXY_HOPS: {
    schema: wholeNumber(0, 5, 'must be a whole number from 0 to 5').default(0),
    meaning:
      'reverse proxies in front of the portal whose X-Forwarded-* headers are believed (1 behind nginx; 0 drops them)',
    fallback: '0',
  },
  FORCE_BUILD: {
    schema: flag.default(false),
    meaning: 'rebuild the portal at start even when the sources did not change',
    fallback: 'false',
  },
} as const;

export type VariableName = keyof typeof variables;
const shape = Object.fromEntries(Object.entries(variables).map(([name, v]) => [name, v.schema])) as {
  [K in VariableName]: (typeof variables)[K]['schema'];
};
const schema = z.object(shape);
type Parsed = z.output<typeof schema>;

export type Env = Omit<
  Parsed,
  'HOST' | 'AUTH_URL' | 'MAIL_FROM' | 'JOBS_IN_PROCESS' | 'SEED_DEMO' | 'AUDIT_SEALS_FILE'
> & {
  HOST: string;
  AUTH_URL: string;
  MAIL_FROM: string;
  JOBS_IN_PROCESS: boolean;
  SEED_DEMO: boolean;
  AUDIT_SEALS_FILE: string;
  isProduction: boolean;
};

/** What production mode cannot start without. */
const REQUIRED_IN_PRODUCTION = [
  'DATABASE_URL',
  'SMTP_URL',
  'AUTH_SECRET',
  'AUTH_URL',
  'MAIL_FROM',
  'DATABASE_OWNER_URL',
  'AUDIT_SEAL_KEY',
] as const;
const LOOPBACK = '127.0.0.1';
const LOOPBACK_NAMES = [LOOPBACK, 'localhost', '::1'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses a set of variables (process.env by default) into the portal's configuration, or throws ConfigError. */
export function parseEnv(
  source: Record<string, string | undefined>,
  { webServer = isNextServer() }: { webServer?: boolean } = {},
): Env {
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(variables)) {
    const value = source[name]?.trim();
    input[name] = value ? value : undefined;
  }
  const result = schema.safeParse(input);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  // Checked on what was given, so a wrong value and a missing one are reported together.
  const isProduction = input.DERBES_MODE === 'production';
  if (isProduction) {
    // The Next.js server never migrates (`npm start`'s supervisor and `derbes migrate` do), so the
    // process that faces the internet is started without the owner's password.
    const missing = REQUIRED_IN_PRODUCTION.filter(
      (name) => input[name] === undefined && !(name === 'DATABASE_OWNER_URL' && webServer),
    );
    if (missing.length) problems.push(`production mode needs ${missing.join(', ')} (see .env.example)`);
    if (input.AUTH_URL && !input.AUTH_URL.startsWith('https://'))
      problems.push('AUTH_URL: must be an https:// address in production mode');
    if (input.DATABASE_URL && input.DATABASE_OWNER_URL && sameRole(input.DATABASE_URL, input.DATABASE_OWNER_URL))
      problems.push(
        'DATABASE_OWNER_URL: must log in as another role than DATABASE_URL (the portal must not own the audit log)',
      );
  } else if (input.HOST && !LOOPBACK_NAMES.includes(input.HOST.toLowerCase())) {
    problems.push('HOST: demo mode listens on 127.0.0.1 only; set DERBES_MODE=production to listen on other addresses');
  }
  if (!result.success || problems.length) throw new ConfigError(problems);
  const parsed = result.data;

  return {
    ...parsed,
    HOST: isProduction ? (parsed.HOST ?? '0.0.0.0') : LOOPBACK,
    AUTH_URL: parsed.AUTH_URL ?? `http://localhost:${parsed.PORT}`,
    MAIL_FROM: parsed.MAIL_FROM ?? 'Derbes <no-reply@derbes.localhost>',
    JOBS_IN_PROCESS: parsed.JOBS_IN_PROCESS ?? !isProduction,
    SEED_DEMO: !isProduction && (parsed.SEED_DEMO ?? true),
    AUDIT_SEALS_FILE: parsed.AUDIT_SEALS_FILE ?? `${parsed.DERBES_DATA_DIR}/audit-seals.jsonl`,
    isProduction,
  };
}

const cache = globalThis as unknown as { derbesEnv?: Env };

/** Forgets the parsed configuration, after process.env changed (a .env file was read). */
export function resetEnv(): void {
  cache.derbesEnv = undefined;
}

/** The configuration of this process, parsed once. Throws ConfigError when a variable is wrong. */
export function env(): Env {
  cache.derbesEnv ??= parseEnv(process.env);
  return cache.derbesEnv;
}

/**
 * Sets variables this process worked out itself (the embedded server's URL, the generated demo
 * secret), so that `env()` and every child process see them.
 */
export function applyEnv(values: Partial<Record<VariableName, string>>): Env {
  Object.assign(process.env, values);
  cache.derbesEnv = undefined;
  return env();
}

/** The environment for a child process: this one's, with the resolved values. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** An absolute address on the portal, for e-mails and documents: `absoluteUrl('/kk/me')`. */
export function absoluteUrl(path: string): string {
  return new URL(path, env().AUTH_URL).toString();
}

/** `next dev`: looser rules where the development server needs them (its scripts use eval). */
export function isDevelopmentServer(): boolean {
  return process.env.NODE_ENV === 'development';
}

/**
 * Whether this code runs inside the Next.js server (Next.js compiles NEXT_RUNTIME into its server
 * bundles; the process's own environment does not carry it), rather than
 * in `npm start`'s supervisor, the worker, the command line or a test: only there is there a
 * request to read headers from.
 */
export function isNextServer(): boolean {
  return process.env.NEXT_RUNTIME === 'nodejs';
}

/** Demo mode: the demo mailbox, the demo banner and the demo data exist only here. */
export function isDemo(): boolean {
  return !env().isProduction;
}
