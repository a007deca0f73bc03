import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { findOutboxStatus, listFailedEmails, retryFailedEmails } from '@/db/queries/mail';
import { calendarDays } from '@/db/schema/calendar';
import { systemActor } from '@/lib/audit/record';
import { describeSealProblem, parseSealLines, verifyAuditSeals } from '@/lib/audit/seals';
import { verifyAuditChain } from '@/lib/audit/verify';
import { findCalendarHorizon, WARN_DAYS } from '@/lib/deadlines/horizon';
import { translatorFor } from '@/lib/i18n/translator';
import { importEncodings, type ImportEncoding } from '@/lib/import/decode';
import { dryRunItems, importItems, itemsFileColumns } from '@/lib/import/items-import';
import { formatOfFile } from '@/lib/import/records';
import { rejectedRowsCsv, type ImportReport } from '@/lib/import/report';
import { dryRunSubjects, importSubjects, subjectsFileColumns } from '@/lib/import/subjects-import';
import { env } from '@/lib/env';
import { isDomainError } from '@/lib/errors';
import { apiScopes } from '@/db/schema/integrations';
import {
  createApiToken,
  listApiTokens,
  MAX_TOKEN_DAYS,
  revokeApiToken,
  tokenInput,
  tokenState,
} from '@/lib/api/tokens';
import { scheduledJobs } from '@/lib/jobs/catalogue';
import { runOnce } from '@/lib/jobs/scheduler';
import { scrub } from '@/lib/log';
import { makeAdmin } from '@/lib/staff/manage';
import { closeDatabase, connectDatabase, describeFailure, fail, loadConfiguration, migrate } from './runtime';

/**
 * `npm run derbes -- <command>`: the operator's command line. With no configuration it works on
 * the demo's embedded database (the running portal's server, or one started for the command); in
 * production on DATABASE_URL. Every command has --help, exits non-zero on failure, and reports a
 * failure in one line.
 */
type Command = {
  usage: string;
  summary: string;
  help: string;
  run: (db: Db, args: string[]) => Promise<number>;
};

/** Where a command writes: the process's stdout and stderr, or what a test gives runCli. */
export type Output = { stdout: (text: string) => void; stderr: (text: string) => void };
const processOutput: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
let output = processOutput;
const out = (line = '') => output.stdout(`${line}\n`);

const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    summary: 'apply the database migrations that are not applied yet',
    help: 'Applies db/migrations to the database as DATABASE_OWNER_URL, then grants DATABASE_URL its\nprivileges. Safe to run while portals run, and twice: a lock serializes it and applied migrations\nare skipped. `npm start` also migrates at start.',
    run: async () => {
      await migrate();
      out('migrations: up to date');
      return 0;
    },
  },
  'create-admin': {
    usage: 'create-admin <email>',
    summary: 'give an address the admin role (created if new)',
    help: 'Makes <email> an admin: a new staff account, or the role changed on an existing one (and\naccess turned back on). The admin then signs in with that address and adds other staff under\nStaff. Recorded in the audit trail.',
    run: async (db, [address]) => {
      if (!address) return usage('create-admin');
      try {
        await db.transaction((tx) => makeAdmin(tx, address));
      } catch {
        throw new Error('create-admin: not an e-mail address');
      }
      out(`${address.trim().toLowerCase()} is an admin; they sign in at ${env().AUTH_URL}`);
      return 0;
    },
  },
  'verify-audit': {
    usage: 'verify-audit [--seals <file>]',
    summary: 'check that the audit trail has not been altered or rewritten (exit 1 if it has)',
    help: [
      'Recomputes the SHA-256 chain of every audit event, then checks every daily seal in the database',
      'against AUDIT_SEAL_KEY and the events as they are now. With --seals, also every line of a seals',
      'file (AUDIT_SEALS_FILE, a copy of it, or the lines from the e-mails to the dpo), which the database',
      'cannot reach: a rewrite of the whole chain, with the seals deleted, still shows there.',
      'Prints what was checked, or each day that diverges, and exits 1 when anything does.',
    ].join('\n'),
    run: async (db, args) => {
      const { values } = parseArgs({ args, options: { seals: { type: 'string' } } });
      const fileLines = values.seals ? readSealsFile(values.seals) : [];
      const key = env().AUDIT_SEAL_KEY;
      if (!key) throw new Error('verify-audit: AUDIT_SEAL_KEY is not set, the seals cannot be checked');
      const chain = await verifyAuditChain(db);
      const seals = await verifyAuditSeals(db, key, fileLines);
      const checked = `${seals.database} daily seal(s)${values.seals ? ` and ${seals.file} line(s) of ${values.seals}` : ''}`;
      if (chain.intact && seals.problems.length === 0) {
        const last = seals.lastSealedDay ? `, the last of ${seals.lastSealedDay}` : ', none made yet';
        out(`audit trail intact: ${chain.count} event(s) checked; ${checked} match${last}`);
        return 0;
      }
      if (!chain.intact)
        out(`audit trail BROKEN: the first broken link is event ${chain.firstBrokenId} (of ${chain.count})`);
      for (const problem of seals.problems) out(describeSealProblem(problem));
      const first = seals.problems.map((p) => p.day).sort()[0];
      if (first) out(`audit trail REWRITTEN: ${checked} checked; the first day that diverges is ${first}`);
      return 1;
    },
  },
  'run-retention': {
    usage: 'run-retention',
    summary: 'run the retention check now (Art. 12(2), 18)',
    help: 'Runs the daily retention check at once: expired consents, ended purposes, the destruction\nlist and, if the operator chose so, automatic destruction. Recorded like a scheduled run.',
    run: async (db) => {
      const job = scheduledJobs.find((j) => j.name === 'retention')!;
      const summary = await runOnce(db, job, new Date());
      out(`retention: ${summary}`);
      return 0;
    },
  },
  outbox: {
    usage: 'outbox status | outbox retry [--id <n>]',
    summary: 'the e-mail outbox: what waits and what failed; send failed e-mails again',
    help: 'status   pending e-mails and the age of the oldest, failed e-mails (without addresses)\nretry    puts every failed e-mail (or only --id <n>) back in the queue for a fresh series of attempts',
    run: async (db, [sub, ...rest]) => {
      if (sub === 'status') {
        const status = await findOutboxStatus(db);
        out(
          `pending: ${status.pending}${status.oldestPendingSeconds === null ? '' : ` (oldest ${status.oldestPendingSeconds} s)`}`,
        );
        out(`failed:  ${status.failed}`);
        for (const f of await listFailedEmails(db)) {
          out(
            `  #${f.id} ${f.kind}, ${f.attempts} attempt(s), written ${f.createdAt.toISOString()}: ${scrub(f.lastError ?? '')}`,
          );
        }
        return 0;
      }
      if (sub === 'retry') {
        const { values } = parseArgs({ args: rest, options: { id: { type: 'string' } } });
        const id = values.id === undefined ? undefined : Number(values.id);
        if (id !== undefined && !(Number.isInteger(id) && id > 0))
          throw new Error('outbox retry --id: must be an e-mail number from `outbox status`');
        const count = await retryFailedEmails(db, id);
        out(`${count} e-mail(s) queued again`);
        return id !== undefined && count === 0 ? 1 : 0;
      }
      return usage('outbox');
    },
  },
  calendar: {
    usage: 'calendar status',
    summary: 'the last year with holiday data, and whether it runs out soon',
    help: `status   the last year the working-day calendar has public holidays for, the days left, and the\n         entries still provisional. Warns (exit 2) from ${WARN_DAYS} days before that year ends.`,
    run: async (db, [sub]) => {
      if (sub !== 'status') return usage('calendar');
      const horizon = await findCalendarHorizon(db);
      if (horizon.lastYear === null) {
        out('the calendar has no holiday data: deadlines count every weekday as a working day');
        return 2;
      }
      out(
        `holiday data until ${horizon.endsOn} (last year ${horizon.lastYear}, ${horizon.daysLeft} day(s) from today)`,
      );
      const provisional = await db
        .select({ day: calendarDays.day, source: calendarDays.source })
        .from(calendarDays)
        .where(eq(calendarDays.isProvisional, true))
        .orderBy(asc(calendarDays.day));
      for (const p of provisional) out(`  provisional: ${p.day} (${p.source})`);
      if (horizon.warning) {
        out(`WARNING: add ${horizon.lastYear + 1}'s holidays and transfers (README, "Adding a calendar year")`);
        return 2;
      }
      return 0;
    },
  },
  import: {
    usage: 'import subjects|items <file> [--dry-run] [--source <name>] [--encoding <e>] [--rejected <out.csv>]',
    summary: "import a file of the operator's subjects or data items, or check it first with --dry-run",
    help: [
      'Reads a CSV or XLSX file (by its extension; XLSX: the first worksheet, the header on row 1) as it',
      'streams, a batch a transaction. Prints what each row was, with every turned-down or conflicting',
      'row by its line; --rejected writes the turned-down rows, with their line and reason, to a CSV file',
      'to correct and import again. --dry-run writes nothing. Importing the same file again changes',
      'nothing, so an import cut off is finished by running it again. The encoding of a CSV file',
      '(utf-8 or windows-1251) is recognised unless --encoding says it. Exit 2 if any row did not go in.',
      '',
      'subjects  columns external_id, full_name, iin, email, phone, language (docs/samples/subjects.csv).',
      '          Rows are matched to the subjects held by external id, then IIN, then e-mail, and never',
      '          merged on a guess: a row that contradicts what is held is a conflict, left for a person.',
      '          New people are added; a matched person gets what the file adds or changes, recorded in',
      "          their activity with --source (the system the file comes from; the file's name if not given).",
      'items     columns external_id (the subject), category, value, source, method, collected_at, system,',
      '          purposes (optional, codes separated by |) (docs/samples/items.csv). An item is matched by',
      '          system, subject and category: new items are added (for the purposes listed, or every',
      '          purpose that uses the category), changed ones updated; each subject sees in their activity',
      '          that their data were supplemented or updated from the system. Destroyed or blocked items',
      '          are never changed: such rows are turned down.',
    ].join('\n'),
    run: async (db, [kind, ...rest]) => {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          'dry-run': { type: 'boolean' },
          encoding: { type: 'string' },
          source: { type: 'string' },
          rejected: { type: 'string' },
        },
      });
      const [file] = positionals;
      if ((kind !== 'subjects' && kind !== 'items') || !file || positionals.length > 1) return usage('import');
      const format = formatOfFile(file);
      if (!format) throw new Error('import: the file must be a .csv or an .xlsx file');
      const encoding = values.encoding ?? 'auto';
      if (encoding !== 'auto' && !(importEncodings as readonly string[]).includes(encoding))
        throw new Error(`import: --encoding is one of ${importEncodings.join(', ')}`);
      const dryRun = values['dry-run'] ?? false;
      const options = {
        format,
        encoding: encoding as ImportEncoding | 'auto',
        onProgress: dryRun ? undefined : (rows: number) => output.stderr(`\r${rows} row(s) read`),
      };
      const source = values.source?.trim() || path.basename(file);
      const report: ImportReport =
        kind === 'subjects'
          ? dryRun
            ? await dryRunSubjects(db, createReadStream(file), options)
            : await importSubjects(db, createReadStream(file), { ...options, source, actor: systemActor })
          : dryRun
            ? await dryRunItems(db, createReadStream(file), options)
            : await importItems(db, createReadStream(file), {
                ...options,
                source: values.source?.trim(),
                actor: systemActor,
              });
      if (!dryRun) output.stderr('\n');
      const t = translatorFor('en');
      const { counts } = report;
      const noun = kind === 'subjects' ? 'a subject' : 'an item';
      const verb = dryRun ? ['would be new', `would update ${noun}`] : ['added', 'updated'];
      const conflicts = kind === 'subjects' ? `, ${counts.conflict} conflict(s)` : '';
      out(
        `${file} (${format === 'xlsx' ? 'xlsx' : report.encoding}): ${report.rows} row(s): ${counts.new} ${verb[0]}, ${counts.update} ${verb[1]}, ` +
          `${counts.same} already up to date${conflicts}, ${counts.rejected} turned down`,
      );
      const reason = (key: string) => t(key as Parameters<typeof t>[0]);
      for (const { line, reason: r } of report.rejected) out(`  line ${line}: ${reason(`import.errors.${r}`)}`);
      for (const { line, reason: r } of report.conflicts) out(`  line ${line}: ${reason(`import.conflicts.${r}`)}`);
      const listed = report.rejected.length + report.conflicts.length;
      if (listed < counts.rejected + counts.conflict) out(`  … and ${counts.rejected + counts.conflict - listed} more`);
      if (values.rejected) {
        const columns = kind === 'subjects' ? subjectsFileColumns : itemsFileColumns;
        writeFileSync(values.rejected, rejectedRowsCsv(report.rejected, columns, 'en'));
        out(`${report.rejected.length} turned-down row(s) written to ${values.rejected}`);
      }
      if (dryRun) out('dry run: nothing was written');
      return counts.rejected + counts.conflict > 0 ? 2 : 0;
    },
  },
  token: {
    usage: 'token create --name <n> --system <code> --scopes <a,b> [--days N] | token list | token revoke --name <n>',
    summary: "API tokens of the operator's systems: make one (printed once), list them, revoke one",
    help: [
      'create   makes a token for a system of the inventory (--system, its code) with the scopes given',
      `         (--scopes, comma-separated: ${apiScopes.join(', ')}), valid --days days (default 365, at`,
      `         most ${MAX_TOKEN_DAYS}). The token is printed once: the portal keeps only its SHA-256.`,
      'list     every token: name, system, scopes, prefix, expiry, last use, state (never the token)',
      'revoke   refuses the token (--name) from its next call on',
    ].join('\n'),
    run: async (db, [sub, ...rest]) => {
      const { values } = parseArgs({
        args: rest,
        options: {
          name: { type: 'string' },
          system: { type: 'string' },
          scopes: { type: 'string' },
          days: { type: 'string' },
        },
      });
      if (sub === 'create') {
        const parsed = tokenInput.safeParse({
          name: values.name ?? '',
          system: values.system ?? '',
          scopes: (values.scopes ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          days: values.days ?? '365',
        });
        if (!parsed.success) {
          const field = String(parsed.error.issues[0]!.path[0] ?? 'arguments');
          throw new Error(`token create: --${field} is not valid (see npm run derbes -- token --help)`);
        }
        const made = await db.transaction((tx) => createApiToken(tx, parsed.data, systemActor)).catch(tokenRefusal);
        out(
          `token "${parsed.data.name}" for system ${parsed.data.system}, valid until ${made.expiresAt.toISOString()}:`,
        );
        out(made.token);
        out('Keep it now: it is not shown again.');
        return 0;
      }
      if (sub === 'list') {
        const tokens = await listApiTokens(db);
        if (tokens.length === 0) out('no API tokens');
        const day = (d: Date | null) => d?.toISOString().slice(0, 16).replace('T', ' ') ?? '-';
        for (const tk of tokens)
          out(
            `${tk.name}  system ${tk.systemCode}  ${tk.prefix}…  scopes ${tk.scopes.join(',')}  expires ${day(tk.expiresAt)}  last used ${day(tk.lastUsedAt)}  ${tokenState(tk)}`,
          );
        return 0;
      }
      if (sub === 'revoke') {
        if (!values.name) return usage('token');
        await db.transaction((tx) => revokeApiToken(tx, { name: values.name! }, systemActor)).catch(tokenRefusal);
        out(`token "${values.name.trim()}" revoked`);
        return 0;
      }
      return usage('token');
    },
  },
};

/** A token command refused by the domain, in one line. */
function tokenRefusal(error: unknown): never {
  if (isDomainError(error)) {
    const words: Record<string, string> = {
      nameTaken: 'a token with this name already exists',
      unknownSystem: 'no system in use has this code (see the data inventory)',
      notFound: 'no token has this name',
    };
    throw new Error(`token: ${words[error.code] ?? error.code}`);
  }
  throw error;
}

function readSealsFile(file: string) {
  try {
    return parseSealLines(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`verify-audit --seals ${file}: ${code ? `cannot be read (${code})` : (error as Error).message}`);
  }
}

function usage(name?: string): number {
  if (name && commands[name]) {
    out(`usage: npm run derbes -- ${commands[name].usage}\n\n${commands[name].help}`);
    return 1;
  }
  out('usage: npm run derbes -- <command> [--help]\n\ncommands:');
  for (const c of Object.values(commands)) out(`  ${c.usage.padEnd(40)} ${c.summary}`);
  out('\nWith no configuration the commands use the demo database; in production, DATABASE_URL.');
  return name ? 1 : 0;
}

/**
 * The command line `argv` (without node and the script), its exit code returned: usage, a
 * command's --help and an unknown command without a database; a command on the database `open`
 * gives (closed after it), a failure in one line on stderr. `main` runs it on the process's
 * configuration and output; scripts/cli.test.ts runs most commands through it in-process.
 */
export async function runCli(
  argv: string[],
  open: () => Promise<{ db: Db; close: () => Promise<void> }>,
  to: Output = processOutput,
): Promise<number> {
  output = to;
  try {
    const [name, ...args] = argv;
    if (!name || name === 'help' || name === '--help' || name === '-h') return usage();
    const command = commands[name];
    if (!command) {
      output.stderr(`derbes: unknown command "${name}": see npm run derbes -- --help\n`);
      return 1;
    }
    if (args.includes('--help') || args.includes('-h')) {
      out(`usage: npm run derbes -- ${command.usage}\n\n${command.help}`);
      return 0;
    }
    const { db, close } = await open();
    try {
      return await command.run(db, args);
    } catch (error) {
      const lines =
        (error as { code?: string }).code === '42P01'
          ? ['the database has no tables yet: run `npm run derbes -- migrate`']
          : describeFailure(error);
      for (const line of lines) output.stderr(`derbes: ${line}\n`);
      return 1;
    } finally {
      await close();
    }
  } finally {
    output = processOutput;
  }
}

async function main() {
  const code = await runCli(process.argv.slice(2), async () => {
    const config = loadConfiguration();
    const embedded = await connectDatabase(config, { shareRunning: true });
    return { db: getDb(), close: () => closeDatabase(embedded) };
  });
  process.exit(code);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((error) => fail(describeFailure(error)));
