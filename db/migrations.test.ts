// Beside db/migrations rather than in it: that folder is drizzle-kit's output.
// A database that has applied a migration never runs it again, and drizzle's migrator does not compare
// what it applied with the file now committed: editing a committed migration in place changes new
// installations only and leaves every existing one silently different. So committed migrations are
// frozen by checksum (db/migrations/checksums.json, which the migrator ignores) and changes go in new ones.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const folder = path.join(import.meta.dirname, 'migrations');
const sqlFiles = readdirSync(folder)
  .filter((name) => name.endsWith('.sql'))
  .sort();
const sha256 = (name: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(folder, name)))
    .digest('hex');

describe('[SCHEMA] migrations', () => {
  test('[SCHEMA] a committed migration never changes: new changes go in a new migration', () => {
    const committed = JSON.parse(readFileSync(path.join(folder, 'checksums.json'), 'utf8')) as Record<string, string>;
    const problems: string[] = [];
    for (const name of sqlFiles) {
      const actual = sha256(name);
      const expected = committed[name];
      if (expected === undefined) {
        problems.push(
          `db/migrations/${name} has no checksum: once it is final, add this line to db/migrations/checksums.json:\n` +
            `  "${name}": "${actual}"`,
        );
      } else if (expected !== actual) {
        problems.push(
          `db/migrations/${name} changed after it was committed: databases that already applied it will never see ` +
            `the change. Restore it (git checkout -- db/migrations/${name}) and put the change in a new migration ` +
            `with \`npm run db:generate\` instead.`,
        );
      }
    }
    for (const name of Object.keys(committed)) {
      if (!sqlFiles.includes(name)) {
        problems.push(
          `db/migrations/${name} is listed in db/migrations/checksums.json but no longer exists: databases that ` +
            `applied it keep its changes. Restore it; undo it in a new migration instead.`,
        );
      }
    }
    if (problems.length > 0) assert.fail(`\n${problems.join('\n\n')}\n`);
  });

  test('[SCHEMA] the migration journal lists exactly the .sql files, in order', () => {
    const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
      entries: { idx: number; when: number; tag: string }[];
    };
    assert.deepEqual(
      journal.entries.map((e) => `${e.tag}.sql`),
      sqlFiles,
      'db/migrations/meta/_journal.json must list every db/migrations/*.sql file, and only those, in file-name order',
    );
    assert.deepEqual(
      journal.entries.map((e) => e.idx),
      journal.entries.map((_, i) => i),
      'journal entries are numbered 0, 1, 2, … in order',
    );
    // The migrator applies only migrations newer than the last one a database applied: an entry with an
    // earlier `when` than the one before it would be skipped on every existing installation.
    for (const [i, entry] of journal.entries.entries()) {
      const before = journal.entries[i - 1];
      if (before) assert.ok(entry.when > before.when, `${entry.tag}: its "when" must be later than ${before.tag}'s`);
    }
  });
});
