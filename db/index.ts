import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { env } from '@/lib/env';
import { runAfterCommit } from './audit-chain';

/**
 * How many different statement texts a process prepares at most. Past it a new text runs unnamed
 * (parsed and planned each time, as before): a statement whose text changed with its values (a list
 * written into it) would otherwise leave a prepared statement on each connection every time.
 */
const MAX_PREPARED_TEXTS = 2000;
const preparedTexts = new Set<string>();

/**
 * The postgres.js client, with every statement that has parameters prepared: sent as a named
 * statement the first time a connection runs its text, then as its name and values only.
 *
 * Drizzle asks postgres.js for an unnamed statement unless the query was built with `.prepare(name)`,
 * and postgres.js sends an unnamed statement with parameters in two round trips (its text to learn
 * the parameters' types, then the values), holding back the statements pipelined behind it; the
 * server parses and plans it every time. A prepared one is one round trip without its text, parsed
 * once per connection (issue 15: PostgreSQL's CPU for an execution halved, bench/writes.ts).
 * Statements are planned as PostgreSQL chooses (plan_cache_mode auto: a generic plan after five
 * executions when it costs no more); the queries that must not get a generic plan say so
 * (db/queries/queue.ts), and bench/queue.ts measures the queue with generic plans.
 * Statements without parameters keep postgres.js's simple protocol, one round trip already.
 */
export function preparing<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, key) {
      if (key === 'unsafe')
        return (query: string, parameters?: never[], options?: postgres.UnsafeQueryOptions) => {
          let prepare = options?.prepare ?? false;
          if (!prepare && parameters?.length) {
            if (preparedTexts.size < MAX_PREPARED_TEXTS) preparedTexts.add(query);
            prepare = preparedTexts.has(query);
          }
          return target.unsafe(query, parameters, { ...options, prepare });
        };
      // A transaction's (and a savepoint's) own client prepares as well.
      if (key === 'begin' || key === 'savepoint')
        return (...args: unknown[]) => {
          const work = args.pop() as (sql: postgres.TransactionSql) => unknown;
          const run = Reflect.get(target, key) as (...a: unknown[]) => unknown;
          return run(...args, (sql: postgres.TransactionSql) => work(preparing(sql)));
        };
      return Reflect.get(target, key);
    },
  });
}

/**
 * What a transaction asks to be done once it has committed, before `db.transaction` returns:
 * chain the audit events it recorded (lib/audit/record.ts marks it), wake the listeners of these
 * channels (lib/mail/outbox.ts). Both are done by one short transaction of their own
 * (db/audit-chain.ts), so that no write holds the chain's lock or PostgreSQL's NOTIFY lock
 * through its own commit (issue 15, point 3).
 */
export type AfterCommit = {
  chain: boolean;
  notify: Set<string>;
  /**
   * What the transaction writes once, just before its commit: the audit events it recorded
   * (lib/audit/record.ts), all in one statement rather than one each (issue 15). `rows` is the
   * writer's own; a savepoint that rolls back drops the rows it added.
   */
  beforeCommit: { rows: unknown[]; write: ((tx: never, rows: unknown[]) => Promise<void>) | null };
};
/**
 * Kept on globalThis, as the Db itself is (getDb): Next.js bundles this module more than once in
 * one process (the start-up code's bundle and the pages' and actions'), and the Db made by one copy
 * is used by the others. A map of each copy's own would not know the transactions of a Db another
 * copy made: their events would wait for the worker's sweep instead of being chained at once.
 */
const afterCommits = ((
  globalThis as unknown as { derbesAfterCommits?: WeakMap<object, AfterCommit> }
).derbesAfterCommits ??= new WeakMap<object, AfterCommit>());

/** The transaction's after-commit work, when it is a transaction of a Db made by drizzleOver. */
export function afterCommitOf(tx: object): AfterCommit | undefined {
  return afterCommits.get(tx);
}

/**
 * Marks `tx` (and any savepoint transaction it opens) as sharing `after`. A savepoint that rolls
 * back (its work threw) drops the before-commit rows it added, as PostgreSQL drops its writes.
 */
function tracking<T extends object>(tx: T, after: AfterCommit): T {
  afterCommits.set(tx, after);
  const inner = tx as unknown as {
    transaction: (work: (t: object) => Promise<unknown>, config?: unknown) => Promise<unknown>;
  };
  const open = inner.transaction.bind(tx);
  inner.transaction = async (work, config) => {
    const kept = after.beforeCommit.rows.length;
    try {
      return await open((nested) => work(tracking(nested, after)), config);
    } catch (error) {
      after.beforeCommit.rows.length = kept;
      throw error;
    }
  };
  return tx;
}

/**
 * The portal's Drizzle over a postgres.js client (tests and benchmarks build theirs with it too).
 * Every transaction of the portal commits through its `transaction`: once the commit has
 * returned, the transaction's audit events are chained (and the channels it asked woken) before
 * the caller goes on, so the page a writer lands on shows its event. Writers of one process that
 * commit together share one chaining (db/audit-chain.ts). Should the process die between its
 * commit and the chaining, the events wait in audit_events_pending, committed with their change,
 * and the next chaining by any process takes them (the worker sweeps every few seconds).
 */
export function drizzleOver(client: postgres.Sql) {
  const db = drizzle(preparing(client), { casing: 'snake_case' });
  const open = db.transaction.bind(db);
  db.transaction = (async (work: (tx: object) => Promise<unknown>, config?: never) => {
    const after: AfterCommit = { chain: false, notify: new Set(), beforeCommit: { rows: [], write: null } };
    const sent: { audits?: Promise<void> } = {};
    const result = await open(async (tx) => {
      const done = await work(tracking(tx, after));
      const { rows, write } = after.beforeCommit;
      // Sent and not awaited: postgres.js sends the COMMIT right behind it, in the same write to the
      // socket (issue 15: a round trip less for every write; most of a write's CPU in this process is
      // the socket's). The server runs them in order: should this statement fail, the transaction is
      // aborted and its COMMIT only rolls back (PostgreSQL answers ROLLBACK), and the failure is
      // thrown below, so the caller never takes an uncommitted change for a committed one.
      if (rows.length > 0 && write) {
        sent.audits = write(tx as never, rows.splice(0));
        sent.audits.catch(() => {});
      }
      return done;
    }, config);
    if (sent.audits) await sent.audits;
    if (after.chain || after.notify.size > 0) await runAfterCommit(db, after);
    return result;
  }) as typeof db.transaction;
  return db;
}

/**
 * The one database client. Created on first use (never at build time) from DATABASE_URL, which
 * `npm start` sets to the embedded PostgreSQL server in demo mode when the deployer gave none.
 */
function createDb(url: string, poolSize: number) {
  const client = postgres(url, {
    max: poolSize,
    // Fail within seconds when the server cannot be reached, rather than hold the request.
    connect_timeout: 10,
    onnotice: () => {},
    // Timestamps are compared and formatted in UTC; Kazakhstan time is applied where shown.
    connection: { TimeZone: 'UTC', application_name: 'derbes' },
  });
  return drizzleOver(client);
}

export type Db = ReturnType<typeof createDb>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Query functions take either, so a caller can run them inside its own transaction. */
export type DbOrTx = Db | Tx;

const globalForDb = globalThis as unknown as { derbesDb?: Db };

export function getDb(): Db {
  if (!globalForDb.derbesDb) {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    if (!DATABASE_URL)
      throw new Error('DATABASE_URL is not set: start the portal with `npm start`, which provides one.');
    globalForDb.derbesDb = createDb(DATABASE_URL, DATABASE_POOL_SIZE);
  }
  return globalForDb.derbesDb;
}

/** Closes the pool, for scripts and tests that must exit. */
export async function closeDb(): Promise<void> {
  const db = globalForDb.derbesDb;
  globalForDb.derbesDb = undefined;
  await db?.$client.end({ timeout: 5 });
}
