import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseEnv as parseDotEnv } from 'node:util';
import { ConfigError, parseEnv, variables, type Env, type VariableName } from '@/lib/env';
import { loadDotEnv } from '@/lib/env-file';

const root = fileURLToPath(new URL('..', import.meta.url));
const names = Object.keys(variables) as VariableName[];

/** A complete, valid production configuration (no real secret: the test secret is 32 x's). */
const production: Record<string, string> = {
  DERBES_MODE: 'production',
  DATABASE_URL: 'postgres://derbes_app@db.example.kz:5432/derbes',
  DATABASE_OWNER_URL: 'postgres://derbes@db.example.kz:5432/derbes',
  SMTP_URL: 'smtps://smtp.example.kz:465',
  AUTH_SECRET: 'x'.repeat(32),
  AUDIT_SEAL_KEY: 'k'.repeat(32),
  AUTH_URL: 'https://privacy.example.kz',
  MAIL_FROM: 'Derbes <no-reply@example.kz>',
};

/** The problems of a configuration that must be refused. */
function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  return assert.fail(`expected a ConfigError for ${Object.keys(source).join(', ')}`);
}

/** What parseEnv makes of a source: the configuration or the problems, for comparing two sources. */
function outcome(source: Record<string, string | undefined>): { config: Env } | { problems: string[] } {
  try {
    return { config: parseEnv(source) };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

function without(source: Record<string, string>, name: string): Record<string, string> {
  const { [name]: _removed, ...rest } = source;
  return rest;
}

/**
 * Every variable: its value when unset (demo mode) and values that must be refused. Typed by
 * VariableName, so a new variable does not compile until it is described here.
 */
const cases: Record<VariableName, { unset: unknown; malformed: string[] }> = {
  DERBES_MODE: { unset: 'demo', malformed: ['staging', 'PRODUCTION'] },
  PORT: { unset: 3000, malformed: ['abc', '70000', '0', '3000.5', '-1'] },
  // Any text is a host name; demo mode refuses anything but loopback (tested below).
  HOST: { unset: '127.0.0.1', malformed: [] },
  AUTH_URL: { unset: 'http://localhost:3000', malformed: ['ftp://x', 'https://x/path', 'not a url', 'portal.kz'] },
  AUTH_SECRET: { unset: undefined, malformed: ['short', 'x'.repeat(31)] },
  DATABASE_URL: {
    unset: undefined,
    malformed: ['mysql://derbes@db.example.kz/derbes', 'not a url', 'http://db.example.kz'],
  },
  DATABASE_OWNER_URL: { unset: undefined, malformed: ['mysql://derbes@db.example.kz/derbes', 'not a url'] },
  AUDIT_SEAL_KEY: { unset: undefined, malformed: ['short', 'k'.repeat(31)] },
  // Any text is a file name; unset, it lies in DERBES_DATA_DIR.
  AUDIT_SEALS_FILE: { unset: '.data/audit-seals.jsonl', malformed: [] },
  DATABASE_POOL_SIZE: { unset: 10, malformed: ['0', '101', 'ten', '2.5'] },
  SMTP_URL: { unset: undefined, malformed: ['http://x', 'not a url', 'relay.kz:25'] },
  MAIL_FROM: {
    unset: 'Derbes <no-reply@derbes.localhost>',
    malformed: ['nobody', 'Derbes <nobody>', 'Derbes <a@b.kz> trailing'],
  },
  ADMIN_EMAIL: { unset: undefined, malformed: ['x', 'admin@', 'admin example.kz'] },
  // Any text is a folder name.
  DERBES_DATA_DIR: { unset: '.data', malformed: [] },
  EMBEDDED_PG_PORT: { unset: undefined, malformed: ['-1', '70000', 'five'] },
  SEED_DEMO: { unset: true, malformed: ['maybe', 'on'] },
  JOBS_IN_PROCESS: { unset: true, malformed: ['maybe', 'on'] },
  LOG_LEVEL: { unset: 'info', malformed: ['loud', 'INFO', 'verbose'] },
  METRICS_TOKEN: { unset: undefined, malformed: ['short', 'x'.repeat(15)] },
  TRUSTED_PROXY_HOPS: { unset: 0, malformed: ['yes', '6', '-1', '1.5'] },
  FORCE_BUILD: { unset: false, malformed: ['perhaps', '2'] },
};

describe('[CONFIG] every variable', () => {
  test('[CONFIG] the test table describes exactly the variables of lib/env.ts', () => {
    assert.deepEqual(Object.keys(cases).sort(), [...names].sort());
  });

  for (const name of names) {
    test(`[CONFIG] ${name} unset gives its documented default`, () => {
      assert.deepEqual(parseEnv({})[name], cases[name].unset);
    });

    test(`[CONFIG] ${name}: an empty or whitespace-only value counts as unset`, () => {
      for (const blank of ['', ' ', '  \t ', '\n']) {
        assert.deepEqual(outcome({ [name]: blank }), outcome({}), `demo mode, ${name}=${JSON.stringify(blank)}`);
        assert.deepEqual(
          outcome({ ...production, [name]: blank }),
          outcome(without(production, name)),
          `production, ${name}=${JSON.stringify(blank)}`,
        );
      }
    });

    for (const value of cases[name].malformed) {
      test(`[CONFIG] ${name}=${JSON.stringify(value)} is refused, naming ${name} and not repeating the value`, () => {
        const problems = problemsOf({ [name]: value });
        assert.ok(
          problems.some((p) => p.startsWith(`${name}: `)),
          `no problem names ${name}: ${JSON.stringify(problems)}`,
        );
        // Short values ("0", "x") occur in any sentence; longer ones must not be repeated.
        if (value.length >= 4)
          assert.ok(
            problems.every((p) => !p.includes(value)),
            `a problem repeats the value: ${JSON.stringify(problems)}`,
          );
        // Refused in production mode too.
        assert.ok(problemsOf({ ...production, [name]: value }).some((p) => p.startsWith(`${name}: `)));
      });
    }
  }

  test('[CONFIG] values are trimmed', () => {
    const config = parseEnv({ PORT: ' 3001 ', LOG_LEVEL: '\tdebug\n', ADMIN_EMAIL: ' Admin@Example.KZ ' });
    assert.equal(config.PORT, 3001);
    assert.equal(config.LOG_LEVEL, 'debug');
    assert.equal(config.ADMIN_EMAIL, 'admin@example.kz');
  });

  test('[CONFIG] flags accept true/false, 1/0 and yes/no', () => {
    for (const [value, expected] of [
      ['true', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      ['0', false],
      ['no', false],
    ] as const) {
      assert.equal(parseEnv({ JOBS_IN_PROCESS: value }).JOBS_IN_PROCESS, expected, `JOBS_IN_PROCESS=${value}`);
      assert.equal(parseEnv({ FORCE_BUILD: value }).FORCE_BUILD, expected, `FORCE_BUILD=${value}`);
    }
  });

  test('[CONFIG] valid values of every variable are accepted', () => {
    const config = parseEnv({
      ...production,
      PORT: '8080',
      HOST: '10.0.0.5',
      DATABASE_POOL_SIZE: '25',
      ADMIN_EMAIL: 'admin@example.kz',
      DERBES_DATA_DIR: '/var/lib/derbes',
      EMBEDDED_PG_PORT: '54329',
      JOBS_IN_PROCESS: 'true',
      LOG_LEVEL: 'warn',
      METRICS_TOKEN: 'm'.repeat(16),
      FORCE_BUILD: 'yes',
    });
    assert.equal(config.PORT, 8080);
    assert.equal(config.HOST, '10.0.0.5');
    assert.equal(config.DATABASE_POOL_SIZE, 25);
    assert.equal(config.DERBES_DATA_DIR, '/var/lib/derbes');
    assert.equal(config.EMBEDDED_PG_PORT, 54329);
    assert.equal(config.JOBS_IN_PROCESS, true);
    assert.equal(config.LOG_LEVEL, 'warn');
    assert.equal(config.METRICS_TOKEN, 'm'.repeat(16));
    assert.equal(config.FORCE_BUILD, true);
    assert.equal(config.MAIL_FROM, 'Derbes <no-reply@example.kz>');
    // The public address is reduced to its origin.
    assert.equal(parseEnv({ AUTH_URL: 'https://privacy.example.kz/' }).AUTH_URL, 'https://privacy.example.kz');
    assert.equal(parseEnv({ MAIL_FROM: 'no-reply@example.kz' }).MAIL_FROM, 'no-reply@example.kz');
    assert.equal(
      parseEnv({ DATABASE_URL: 'postgresql://db.example.kz/derbes' }).DATABASE_URL,
      'postgresql://db.example.kz/derbes',
    );
    assert.equal(parseEnv({ SMTP_URL: 'smtp://127.0.0.1:2525' }).SMTP_URL, 'smtp://127.0.0.1:2525');
  });
});

describe('[CONFIG] problems never show a password', () => {
  const secret = 'S3cretPass';
  const malformed: [VariableName, string][] = [
    ['DATABASE_URL', `postgres//user:${secret}@host/db`],
    ['DATABASE_URL', `postgres://user:${secret}@host:99999/db`],
    ['DATABASE_URL', `mysql://user:${secret}@host/db`],
    ['DATABASE_URL', `user:${secret}@host/db`],
    ['SMTP_URL', `smtp//user:${secret}@host`],
    ['SMTP_URL', `http://user:${secret}@host`],
    ['SMTP_URL', `smtps://user:${secret}@host:465465`],
  ];
  for (const [name, value] of malformed) {
    test(`[CONFIG] a malformed ${name} with a password is refused without the password or the value in any problem (${value.replace(secret, '***')})`, () => {
      for (const source of [{ [name]: value }, { ...production, [name]: value }]) {
        let error: unknown;
        try {
          parseEnv(source);
        } catch (caught) {
          error = caught;
        }
        assert.ok(error instanceof ConfigError, 'expected a ConfigError');
        assert.ok(error.problems.some((p) => p.startsWith(`${name}: `)));
        for (const text of [...error.problems, error.message, String(error.stack)]) {
          assert.ok(!text.includes(secret), 'a problem shows the password');
          assert.ok(!text.includes(value), 'a problem shows the value');
        }
      }
    });
  }

  // A URL without a host is "valid" to `new URL` for these schemes, and the password ends up in
  // its path: nodemailer then sends through localhost:587 without authentication, and postgres.js
  // connects to localhost with a database named after the password.
  test('[CONFIG] a SMTP_URL or DATABASE_URL without a host is refused', () => {
    for (const [name, value] of [
      ['SMTP_URL', `smtp:/user:${secret}@host`],
      ['SMTP_URL', `smtps:user:${secret}@host`],
      ['DATABASE_URL', `postgres:/user:${secret}@host/db`],
    ] as const) {
      const result = outcome({ ...production, [name]: value });
      assert.ok('problems' in result, `${name}=${value.replace(secret, '***')} was accepted`);
      assert.ok(result.problems.some((p) => p.startsWith(`${name}: `)));
      assert.ok(result.problems.every((p) => !p.includes(secret)));
    }
  });
});

describe('[CONFIG] production mode', () => {
  test("[CONFIG] the web server runs without the owner's password; everything else that starts needs it", () => {
    const { DATABASE_OWNER_URL: _owner, ...withoutOwner } = production;
    assert.ok(problemsOf(withoutOwner).some((p) => p.includes('DATABASE_OWNER_URL')));
    assert.doesNotThrow(() => parseEnv(withoutOwner, { webServer: true }));
  });

  test('[CONFIG] production with nothing set lists all seven missing variables in one problem', () => {
    const problems = problemsOf({ DERBES_MODE: 'production' });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    for (const name of [
      'DATABASE_URL',
      'SMTP_URL',
      'AUTH_SECRET',
      'AUTH_URL',
      'MAIL_FROM',
      'DATABASE_OWNER_URL',
      'AUDIT_SEAL_KEY',
    ]) {
      assert.ok(problems[0]!.includes(name), `${name} is not listed: ${problems[0]}`);
    }
  });

  test('[CONFIG] production lists only what is missing', () => {
    const problems = problemsOf({ ...without(without(production, 'SMTP_URL'), 'AUTH_SECRET'), AUTH_SECRET: '   ' });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /SMTP_URL/);
    assert.match(problems[0]!, /AUTH_SECRET/);
    for (const name of ['DATABASE_URL', 'AUTH_URL', 'MAIL_FROM'])
      assert.ok(!problems[0]!.includes(name), `${name} is listed though set`);
  });

  test('[AUDIT] Art. 22(1)(5): production refuses a DATABASE_OWNER_URL that logs in as the role of DATABASE_URL', () => {
    const problems = problemsOf({
      ...production,
      DATABASE_OWNER_URL: 'postgres://derbes_app:S3cretPass@db.example.kz/derbes',
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^DATABASE_OWNER_URL: must log in as another role than DATABASE_URL/);
    assert.ok(!problems[0]!.includes('S3cretPass'), 'no password');
  });

  test('[CONFIG] production refuses an http:// AUTH_URL', () => {
    const problems = problemsOf({ ...production, AUTH_URL: 'http://privacy.example.kz' });
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0]!, /^AUTH_URL: .*https/);
  });

  test('[CONFIG] production with everything valid: isProduction, HOST 0.0.0.0, jobs in their own process', () => {
    const config = parseEnv(production);
    assert.equal(config.isProduction, true);
    assert.equal(config.DERBES_MODE, 'production');
    assert.equal(config.HOST, '0.0.0.0');
    assert.equal(config.JOBS_IN_PROCESS, false);
    assert.equal(config.AUTH_URL, 'https://privacy.example.kz');
    assert.equal(config.MAIL_FROM, 'Derbes <no-reply@example.kz>');
    assert.equal(config.PORT, 3000);
    assert.equal(parseEnv({ ...production, HOST: '10.0.0.5' }).HOST, '10.0.0.5');
    assert.equal(parseEnv({ ...production, JOBS_IN_PROCESS: 'true' }).JOBS_IN_PROCESS, true);
    // Production never seeds the demo operator, whatever SEED_DEMO says.
    assert.equal(config.SEED_DEMO, false);
    assert.equal(parseEnv({ ...production, SEED_DEMO: 'true' }).SEED_DEMO, false);
  });

  test('[CONFIG] a secret of 32 bytes is enough, counted in bytes', () => {
    assert.equal(parseEnv({ ...production, AUTH_SECRET: 'ә'.repeat(16) }).AUTH_SECRET, 'ә'.repeat(16));
    assert.ok(problemsOf({ ...production, AUTH_SECRET: 'x'.repeat(31) }).some((p) => p.startsWith('AUTH_SECRET: ')));
  });
});

describe('[CONFIG] demo mode', () => {
  test('[CONFIG] demo defaults: 127.0.0.1, AUTH_URL on localhost following PORT, the demo sender, jobs in process', () => {
    const config = parseEnv({});
    assert.equal(config.isProduction, false);
    assert.equal(config.DERBES_MODE, 'demo');
    assert.equal(config.HOST, '127.0.0.1');
    assert.equal(config.AUTH_URL, 'http://localhost:3000');
    assert.equal(config.MAIL_FROM, 'Derbes <no-reply@derbes.localhost>');
    assert.equal(config.JOBS_IN_PROCESS, true);
    assert.equal(parseEnv({ PORT: '3100' }).AUTH_URL, 'http://localhost:3100');
    assert.equal(parseEnv({ DERBES_MODE: 'demo', JOBS_IN_PROCESS: 'false' }).JOBS_IN_PROCESS, false);
    assert.equal(config.SEED_DEMO, true);
    assert.equal(parseEnv({ SEED_DEMO: 'false' }).SEED_DEMO, false);
  });

  test('[CONFIG] demo mode refuses to listen on anything but 127.0.0.1 or localhost', () => {
    for (const host of ['0.0.0.0', '10.0.0.5', 'privacy.example.kz']) {
      const problems = problemsOf({ HOST: host });
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /^HOST: /);
    }
    assert.equal(parseEnv({ HOST: '127.0.0.1' }).HOST, '127.0.0.1');
    assert.equal(parseEnv({ HOST: 'localhost' }).HOST, '127.0.0.1');
  });
});

test('[CONFIG] several problems are reported together, one line each', () => {
  let error: unknown;
  try {
    parseEnv({ PORT: 'abc', LOG_LEVEL: 'loud', DERBES_MODE: 'staging', AUTH_SECRET: 'short', FORCE_BUILD: 'perhaps' });
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof ConfigError);
  assert.equal(error.name, 'ConfigError');
  assert.deepEqual(error.problems.map((p) => p.split(':')[0]).sort(), [
    'AUTH_SECRET',
    'DERBES_MODE',
    'FORCE_BUILD',
    'LOG_LEVEL',
    'PORT',
  ]);
  for (const problem of error.problems) assert.ok(!problem.includes('\n'), `not one line: ${JSON.stringify(problem)}`);
  assert.equal(error.message, error.problems.join('\n'));

  // A demo-mode HOST problem and the production checks come together too.
  const demo = problemsOf({ HOST: '0.0.0.0' });
  assert.equal(demo.length, 1);
  const both = problemsOf({ DERBES_MODE: 'production', AUTH_URL: 'http://privacy.example.kz' });
  assert.equal(both.length, 2, JSON.stringify(both));
});

describe('[CONFIG] loadDotEnv', () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'derbes-env-test-'));
    saved = { ...process.env };
    // Variables already set win over the file: start from none of the portal's.
    for (const name of names) delete process.env[name];
  });
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (content: string) => {
    const file = path.join(dir, '.env');
    writeFileSync(file, content);
    return file;
  };

  test('[CONFIG] a missing .env file is fine', () => {
    assert.deepEqual(loadDotEnv(path.join(dir, 'absent.env')), { errors: [], warnings: [] });
  });

  test('[CONFIG] a line that is not NAME=value is an error naming its line, not its content', () => {
    const file = write('PORT=3001\n\nthis-is-a-mangled-secret\nLOG_LEVEL=debug\n');
    const { errors, warnings } = loadDotEnv(file);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0]!, /line 3\b/);
    assert.ok(!errors[0]!.includes('mangled'));
    assert.deepEqual(warnings, []);
  });

  test('[CONFIG] a name the portal does not read is a warning naming it and its line', () => {
    const file = write('# a comment\nPORT=3001\nDERBES_TEST_UNKNOWN_NAME=1\n');
    const { errors, warnings } = loadDotEnv(file);
    assert.deepEqual(errors, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /line 3\b/);
    assert.match(warnings[0]!, /DERBES_TEST_UNKNOWN_NAME/);
  });

  test('[CONFIG] quoted and multi-line quoted values parse, and line numbers still count', () => {
    const file = write(
      [
        'PORT="3001"',
        "MAIL_FROM='Derbes <no-reply@example.kz>'",
        'METRICS_TOKEN="first line',
        'second line"',
        'DERBES_DATA_DIR=`/srv/derbes data`',
        'not a variable',
      ].join('\n'),
    );
    const { errors, warnings } = loadDotEnv(file);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0]!, /line 6\b/);
    assert.deepEqual(warnings, []);
    assert.equal(process.env.PORT, '3001');
    assert.equal(process.env.MAIL_FROM, 'Derbes <no-reply@example.kz>');
    assert.equal(process.env.METRICS_TOKEN, 'first line\nsecond line');
    assert.equal(process.env.DERBES_DATA_DIR, '/srv/derbes data');
  });

  test('[CONFIG] comments, blank lines, export, CRLF and spaces around = are fine', () => {
    const file = write(
      '# Derbes\r\n\r\n# port\r\nexport PORT=3002\r\nLOG_LEVEL = warn\r\nFORCE_BUILD=true # rebuild\r\nAUTH_SECRET=\r\n',
    );
    assert.deepEqual(loadDotEnv(file), { errors: [], warnings: [] });
    assert.equal(process.env.PORT, '3002');
    assert.equal(process.env.LOG_LEVEL, 'warn');
    assert.equal(process.env.FORCE_BUILD, 'true');
    const config = parseEnv(process.env);
    assert.equal(config.PORT, 3002);
    assert.equal(config.AUTH_SECRET, undefined);
  });

  // loadDotEnv's own line check trims lines, but it hands the file to node:util's parseEnv, which
  // (Node 20.20) glues a whitespace-only line or an indented comment onto the next name: that
  // variable is then silently not set (process.env gets a name such as "\nPORT" instead).
  test('[CONFIG] a whitespace-only line or an indented comment does not lose the next variable', () => {
    const file = write('LOG_LEVEL=warn\n   \nPORT=3003\n  # indented comment\nFORCE_BUILD=true\n');
    const result = loadDotEnv(file);
    assert.deepEqual(result, { errors: [], warnings: [] });
    assert.equal(process.env.LOG_LEVEL, 'warn');
    assert.equal(process.env.PORT, '3003', 'PORT after a whitespace-only line was not loaded');
    assert.equal(process.env.FORCE_BUILD, 'true', 'FORCE_BUILD after an indented comment was not loaded');
  });

  test('[CONFIG] variables already set win over .env', () => {
    process.env.PORT = '4000';
    const file = write('PORT=3001\nLOG_LEVEL=debug\n');
    assert.deepEqual(loadDotEnv(file), { errors: [], warnings: [] });
    assert.equal(process.env.PORT, '4000');
    assert.equal(process.env.LOG_LEVEL, 'debug');
  });

  test('[CONFIG] .env.example loads cleanly, and so does it with every variable uncommented', () => {
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    assert.deepEqual(loadDotEnv(write(example)), { errors: [], warnings: [] });
    const uncommented = example.replace(/^#\s*(?=[A-Z_][A-Z0-9_]*=)/gm, '');
    assert.deepEqual(loadDotEnv(write(uncommented)), { errors: [], warnings: [] });
  });
});

describe('[CONFIG] .env.example', () => {
  const example = readFileSync(path.join(root, '.env.example'), 'utf8');
  const lines = example.split('\n');
  const mentioned = lines
    .map((line) => /^#?\s*([A-Z_][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name));

  test('[CONFIG] .env.example lists every variable of lib/env.ts once and no other name', () => {
    assert.deepEqual([...mentioned].sort(), [...names].sort());
  });

  test('[CONFIG] .env.example leaves every variable commented out, with its meaning and default above it', () => {
    for (const name of names) {
      const index = lines.findIndex((line) => line.startsWith(`# ${name}=`));
      assert.ok(index > 0, `${name} is not a commented-out "# ${name}=" line`);
      const above: string[] = [];
      for (let i = index - 1; i >= 0 && lines[i]!.startsWith('#'); i--) above.push(lines[i]!);
      const comment = above.join('\n');
      assert.ok(comment.includes(variables[name].meaning), `the meaning of ${name} is not above it`);
      assert.ok(comment.includes(`Default: ${variables[name].fallback}`), `the default of ${name} is not above it`);
    }
  });

  test('[CONFIG] the example values of .env.example are valid, in production mode', () => {
    const values = parseDotEnv(example.replace(/^#\s*(?=[A-Z_][A-Z0-9_]*=)/gm, ''));
    // AUTH_SECRET, METRICS_TOKEN and AUDIT_SEAL_KEY have no example value: nothing that looks like a secret.
    assert.equal(values.AUTH_SECRET, '');
    assert.equal(values.METRICS_TOKEN, '');
    assert.equal(values.AUDIT_SEAL_KEY, '');
    const config = parseEnv({ ...values, AUTH_SECRET: 'x'.repeat(32), AUDIT_SEAL_KEY: 'k'.repeat(32) });
    assert.equal(config.isProduction, true);
  });
});

test('[CONFIG] only lib/env.ts reads process.env', () => {
  // lib/env-file.ts is the other half of the configuration: it loads `.env` into process.env.
  // The standalone server's preload is plain JavaScript: it reads TRUSTED_PROXY_HOPS, validated by the supervisor.
  // The process tests' harness passes PATH and HOME to the servers it starts, as the test files do.
  const exempt = new Set([
    'lib/env.ts',
    'lib/env-file.ts',
    'db/testing.ts',
    'scripts/test.ts',
    'scripts/smtp-sink.ts',
    'scripts/web-lifecycle.mjs',
    'scripts/process-harness.ts',
  ]);
  const offenders: string[] = [];
  let scanned = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(relative);
      } else if (!exempt.has(relative) && !entry.name.endsWith('.test.ts')) {
        scanned++;
        if (readFileSync(path.join(root, relative), 'utf8').includes('process.env')) offenders.push(relative);
      }
    }
  };
  for (const dir of ['app', 'lib', 'db', 'components', 'i18n', 'scripts']) walk(dir);
  assert.ok(scanned > 50, `only ${scanned} files scanned`);
  assert.deepEqual(offenders, []);
});
