import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestLogger, routeConsoleToLogger, scrub, serializeError, type Logger } from '@/lib/log';

type Line = Record<string, unknown> & { level: string; time: string; msg?: string };

/** A logger writing JSON lines into memory (pino writes to a plain stream synchronously). */
function capture(): { log: Logger; raw: () => string; lines: () => Line[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const log = createTestLogger(stream);
  log.level = 'trace';
  const raw = () => chunks.join('');
  const lines = () =>
    raw()
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Line);
  return { log, raw, lines };
}

/** A database error as postgres.js throws it: the query, its parameters and a detail repeating the value. */
function databaseError(): Error {
  return Object.assign(new Error('invalid input syntax for type uuid: "aigul@example.kz"'), {
    code: '22P02',
    constraint_name: 'users_email_unique',
    query: 'select * from users where id = $1',
    parameters: ['aigul@example.kz'],
    detail: 'Key (email)=(aigul@example.kz) already exists.',
  });
}

const PERSONAL = ['aigul@example.kz', 'aigul', 'a%40b.kz', 'a@b.kz', '900101300123', 'abc123', 'S3cretPass'];

function assertNoPersonalData(raw: string) {
  for (const value of PERSONAL) assert.ok(!raw.includes(value), `the log contains ${value}: ${raw}`);
}

describe('[LOGS] free text is scrubbed of personal data', () => {
  test('[LOGS] every line is JSON with a level and a time', () => {
    const { log, lines } = capture();
    log.info('started');
    log.warn({ component: 'test' }, 'careful');
    log.error('failed');
    log.debug('details');
    const written = lines();
    assert.equal(written.length, 4);
    assert.deepEqual(
      written.map((l) => l.level),
      ['info', 'warn', 'error', 'debug'],
    );
    for (const line of written) {
      assert.equal(typeof line.time, 'string');
      assert.ok(!Number.isNaN(Date.parse(line.time)), `not a time: ${line.time}`);
    }
  });

  test('[LOGS] an e-mail address in a message is removed', () => {
    const { log, lines, raw } = capture();
    log.info('sign-in link sent to aigul@example.kz');
    log.info('sign-in link sent to %s', 'aigul@example.kz');
    log.info({ component: 'mail' }, 'sent to %s', 'Aigul.Nurlanovna+kz@Mail.Example.KZ');
    assert.deepEqual(
      lines().map((l) => l.msg),
      ['sign-in link sent to [email]', 'sign-in link sent to [email]', 'sent to [email]'],
    );
    assertNoPersonalData(raw());
    assert.ok(!raw().includes('Nurlanovna'));
  });

  test('[LOGS] an IIN (and any number of 6 digits or more) in a message is removed', () => {
    const { log, raw } = capture();
    log.info('subject 900101300123 looked up');
    log.info('subject %s looked up', '900101300123');
    log.info('subject %d looked up', 900101300123);
    log.info('phone 7012345678');
    assertNoPersonalData(raw());
    assert.ok(!raw().includes('7012345678'));
  });

  test('[LOGS] a sign-in URL loses its query string', () => {
    const { log, lines, raw } = capture();
    log.info('link https://privacy.example.kz/api/auth/callback/nodemailer?token=abc123&email=a%40b.kz sent');
    assert.equal(lines()[0]?.msg, 'link https://privacy.example.kz/api/auth/callback/nodemailer?[redacted] sent');
    assertNoPersonalData(raw());
  });

  test('[LOGS] a database URL loses its password', () => {
    const { log, raw } = capture();
    log.info('connecting to postgres://derbes:S3cretPass@db.example.kz:5432/derbes');
    log.info('relay smtps://mailer:S3cretPass@smtp.example.kz:465');
    assertNoPersonalData(raw());
  });

  test('[LOGS] token=, secret=, password= and code= values are removed', () => {
    const { log, raw } = capture();
    log.info('token=abc123 secret=S3cretPass password=S3cretPass code=abc123');
    assertNoPersonalData(raw());
    assert.equal(scrub('token=abc123&code=xyz789'), 'token=[redacted]&code=[redacted]');
  });

  test('[LOGS] values quoted in PostgreSQL errors are removed', () => {
    assert.equal(
      scrub('invalid input syntax for type uuid: "aigul@example.kz"'),
      'invalid input syntax for type uuid: "[redacted]"',
    );
    assert.equal(
      scrub('invalid input syntax for type uuid: "not-a-uuid"'),
      'invalid input syntax for type uuid: "[redacted]"',
    );
    assert.equal(scrub('Key (email)=(aigul@example.kz) already exists.'), 'Key (email)=([redacted]) already exists.');
    assert.equal(
      scrub('Key (iin, operator_id)=(Aigul, 7) already exists.'),
      'Key (iin, operator_id)=([redacted]) already exists.',
    );
  });

  test('[LOGS] ordinary text is left alone', () => {
    assert.equal(scrub('outbox: 3 sent, 0 failed in 125 ms'), 'outbox: 3 sent, 0 failed in 125 ms');
    assert.equal(scrub('listening on http://127.0.0.1:3000/kk'), 'listening on http://127.0.0.1:3000/kk');
  });
});

describe('[LOGS] fields that may hold personal data are censored by name', () => {
  test('[LOGS] email, to, iin, token, url and password fields are censored, at the top level and one level down', () => {
    const { log, lines, raw } = capture();
    const fields = {
      email: 'aigul@example.kz',
      to: 'a@b.kz',
      iin: '900101300123',
      token: 'abc123',
      url: 'https://privacy.example.kz/kk/sign-in?token=abc123',
      password: 'S3cretPass',
    };
    log.info(fields, 'fields');
    log.info({ request: fields }, 'nested');
    log.child({ email: 'aigul@example.kz' }).info('child bindings');
    const [top, nested, child] = lines();
    for (const name of Object.keys(fields)) {
      assert.equal(top?.[name], '[redacted]', `${name} at the top level`);
      assert.equal((nested?.request as Record<string, unknown>)[name], '[redacted]', `request.${name}`);
    }
    assert.equal(child?.email, '[redacted]');
    assertNoPersonalData(raw());
  });

  test('[LOGS] fields that hold no personal data are kept', () => {
    const { log, lines } = capture();
    log.info({ component: 'worker', sent: 3, requestId: 'r_01' }, 'pass');
    assert.deepEqual(
      { ...lines()[0], time: undefined, pid: undefined },
      { level: 'info', time: undefined, pid: undefined, component: 'worker', sent: 3, requestId: 'r_01', msg: 'pass' },
    );
  });
});

describe('[LOGS] database errors', () => {
  for (const key of ['err', 'error'] as const) {
    test(`[LOGS] an error logged as { ${key} } keeps its code and constraint, never its query, parameters, detail or the value`, () => {
      const { log, lines, raw } = capture();
      log.error({ [key]: databaseError() }, 'filing a request failed');
      const line = lines()[0]!;
      const err = line[key] as Record<string, unknown>;
      assert.equal(err.code, '22P02');
      assert.equal(err.constraint, 'users_email_unique');
      assert.equal(err.type, 'Error');
      assert.equal(err.message, 'invalid input syntax for type uuid: "[redacted]"');
      assert.equal(line.msg, 'filing a request failed');
      for (const field of ['query', 'parameters', 'detail']) assert.ok(!(field in err), `${field} is logged`);
      assert.ok(!raw().includes('select * from users'));
      assert.ok(raw().includes('22P02'));
      assertNoPersonalData(raw());
    });
  }

  // pino fills in `msg` from the error's message when none is given, and that copy is not scrubbed.
  test('[LOGS] an error logged without a message does not leak its message', () => {
    const { log, raw } = capture();
    log.error({ err: databaseError() });
    log.error(databaseError());
    assert.ok(raw().includes('22P02'));
    assertNoPersonalData(raw());
  });

  test('[LOGS] serializeError: anything thrown becomes type and scrubbed message', () => {
    assert.deepEqual(serializeError('no such user aigul@example.kz'), {
      type: 'string',
      message: 'no such user [email]',
    });
    assert.deepEqual(serializeError(undefined), { type: 'undefined', message: 'undefined' });
    const serialized = serializeError(databaseError());
    assert.deepEqual(Object.keys(serialized).sort(), ['code', 'constraint', 'message', 'stack', 'type']);
    assertNoPersonalData(JSON.stringify(serialized));
    const plain = serializeError(Object.assign(new Error('x'), { code: 22, constraint_name: null }));
    assert.ok(!('code' in plain) && !('constraint' in plain));
  });
});

describe('[LOGS] routeConsoleToLogger', () => {
  // routeConsoleToLogger() logs through the process's logger, kept in globalThis.derbesLogger by
  // lib/log.ts; a test logger put there first makes console.* write into memory.
  const holder = globalThis as unknown as { derbesLogger?: Logger };
  let savedConsole: Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;
  let savedLogger: Logger | undefined;
  let captured: ReturnType<typeof capture>;

  beforeEach(() => {
    savedConsole = {
      log: console.log,
      info: console.info,
      warn: console.warn,
      error: console.error,
      debug: console.debug,
    };
    savedLogger = holder.derbesLogger;
    captured = capture();
    holder.derbesLogger = captured.log;
  });
  afterEach(() => {
    Object.assign(console, savedConsole);
    holder.derbesLogger = savedLogger;
  });

  test('[LOGS] console.* becomes JSON lines at the matching level, with the component, scrubbed', () => {
    routeConsoleToLogger('library');
    console.log('user %s signed in', 'aigul@example.kz');
    console.info('subject 900101300123');
    console.warn('link https://privacy.example.kz/kk/sign-in?token=abc123&email=a%40b.kz');
    console.error('connecting to postgres://derbes:S3cretPass@db.example.kz/derbes failed');
    console.debug('debugging');
    const lines = captured.lines();
    assert.deepEqual(
      lines.map((l) => l.level),
      ['info', 'info', 'warn', 'error', 'debug'],
    );
    for (const line of lines) {
      assert.equal(line.component, 'library');
      assert.equal(typeof line.time, 'string');
    }
    assert.equal(lines[0]?.msg, 'user [email] signed in');
    assertNoPersonalData(captured.raw());
  });

  test('[LOGS] an error passed to console is serialized, and objects are not printed', () => {
    routeConsoleToLogger();
    console.error(databaseError());
    console.error('[auth][error]', databaseError());
    console.warn('state', { email: 'aigul@example.kz', iin: '900101300123' });
    const lines = captured.lines();
    assert.equal(lines.length, 3);
    assert.equal(lines[0]?.component, 'console');
    assert.equal((lines[0]?.err as Record<string, unknown>).code, '22P02');
    assert.equal(lines[0]?.msg, 'invalid input syntax for type uuid: "[redacted]"');
    assert.equal(lines[1]?.msg, '[auth][error]');
    assert.equal((lines[1]?.err as Record<string, unknown>).code, '22P02');
    assert.equal(lines[2]?.msg, 'state [object]');
    assertNoPersonalData(captured.raw());
  });
});
