import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { auditEvents } from '@/db/schema/audit';
import { users } from '@/db/schema/auth';
import { importFileChunks, importRuns, type ImportRunReport } from '@/db/schema/imports';
import { subjects } from '@/db/schema/subjects';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { isDomainError } from '@/lib/errors';
import { iinCheckDigit } from '@/lib/iin';
import { createImportRunner, importers, type Importer, type PassOptions } from './runner';
import { cancelImport, CHUNK_BYTES, receiveImportFile, startImport } from './runs';

let t: TestDatabase;
let admin: { id: string; role: 'admin' };
before(async () => {
  t = await createTestDatabase();
  const [user] = await t.db
    .insert(users)
    .values({ email: `admin-${randomUUID()}@example.kz`, role: 'admin' })
    .returning({ id: users.id });
  admin = { id: user!.id, role: 'admin' };
});
after(() => t.drop());

async function* bytes(text: string | Buffer, piece = 64 * 1024) {
  const all = typeof text === 'string' ? Buffer.from(text) : text;
  for (let at = 0; at < all.length; at += piece) yield all.subarray(at, at + piece);
}
const iin = (first11: string) => `${first11}${iinCheckDigit(first11)}`;
const upload = (text: string | Buffer, kind: 'subjects' | 'items' = 'subjects', fileName = 'people.csv') =>
  receiveImportFile(t.db, admin, { kind, fileName, encoding: 'auto', body: bytes(text) });
const runOf = async (id: string) => (await t.db.select().from(importRuns).where(eq(importRuns.id, id)))[0]!;
const chunksOf = async (id: string) =>
  (await t.db.select({ n: count() }).from(importFileChunks).where(eq(importFileChunks.runId, id)))[0]!.n;
const start = (id: string) => t.db.transaction((tx) => startImport(tx, admin, id));

/** A fake import for the runner's own rules: it records what it was asked and does what `body` says. */
function fakeImporter(body: (options: PassOptions, file: AsyncIterable<Uint8Array>) => Promise<void>) {
  const calls: PassOptions[] = [];
  const pass = async (
    _db: unknown,
    file: AsyncIterable<Uint8Array>,
    options: PassOptions,
  ): Promise<ImportRunReport> => {
    calls.push(options);
    await body(options, file);
    return {
      encoding: 'utf-8',
      rows: 3,
      counts: { new: 3, update: 0, same: 0, conflict: 0, rejected: 0 },
      rejected: [],
      conflicts: [],
    };
  };
  const importer: Importer = { formats: ['csv'], columns: [], dryRun: pass, run: pass };
  return { importer, calls };
}

describe('[IMPORT] Art. 8-2: a back-office import runs in the background, checked first', () => {
  test('[IMPORT] an upload is kept in pieces and waits for its dry run; one too large is refused and nothing kept', async () => {
    const big = Buffer.alloc(CHUNK_BYTES * 2 + 10, 'a');
    const id = await upload(big);
    const run = await runOf(id);
    assert.equal(run.state, 'checking');
    assert.equal(run.fileBytes, big.length);
    assert.equal(await chunksOf(id), 3);

    const before = (await t.db.select({ n: count() }).from(importRuns))[0]!.n;
    await assert.rejects(
      receiveImportFile(
        t.db,
        admin,
        { kind: 'subjects', fileName: 'x.csv', encoding: 'auto', body: bytes(big) },
        CHUNK_BYTES,
      ),
      (error) => isDomainError(error) && error.code === 'tooLarge',
    );
    assert.equal((await t.db.select({ n: count() }).from(importRuns))[0]!.n, before);
    await t.db.transaction((tx) => cancelImport(tx, id));
  });

  test('[IMPORT] the dry run reports by line; the import writes as the staff member who started it, then the file is gone', async () => {
    const email = `imported-${randomUUID().slice(0, 8)}@example.kz`;
    const valid = iin('90010130012');
    const wrong = `${valid.slice(0, 11)}${(Number(valid[11]) + 1) % 10}`;
    const file = [
      'external_id,full_name,iin,email,language',
      `RUN-1,Әлия Серікқызы,${valid},${email},kk`,
      `RUN-2,Bad IIN,${wrong},bad@example.kz,ru`, // a wrong check digit
      `RUN-1,Again,,again@example.kz,kk`, // a duplicate of line 2
    ].join('\n');
    const id = await upload(file);
    const runner = createImportRunner({ db: t.db });
    assert.deepEqual(await runner.tick(), ['checked']);
    const checked = await runOf(id);
    assert.equal(checked.state, 'checked');
    assert.equal(checked.report?.rows, 3);
    assert.equal(checked.report?.counts.new, 1);
    assert.deepEqual(
      checked.report?.rejected.map((r) => [r.line, r.reason]),
      [
        [3, 'iin'],
        [4, 'duplicateExternalId'],
      ],
    );
    assert.equal(checked.report?.rejected[0]?.cells?.external_id, 'RUN-2', 'the cells, for the download');
    assert.equal(await chunksOf(id), 1, 'the file waits for the import');
    assert.equal(
      (await t.db.select().from(subjects).where(eq(subjects.email, email))).length,
      0,
      'a dry run writes nothing',
    );

    await start(id);
    assert.deepEqual(await runner.tick(), ['done']);
    const done = await runOf(id);
    assert.equal(done.state, 'done');
    assert.equal(done.result?.counts.new, 1);
    assert.equal(done.rowsRead, 3);
    assert.ok(done.finishedAt);
    assert.equal(await chunksOf(id), 0, 'the file is deleted');
    assert.equal(done.report?.rejected[0]?.cells, undefined, "the rejected rows' cells are deleted");
    assert.deepEqual(
      done.report?.rejected.map((r) => r.line),
      [3, 4],
    );
    const [subject] = await t.db.select().from(subjects).where(eq(subjects.email, email));
    assert.equal(subject?.externalId, 'RUN-1');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, subject!.id), eq(auditEvents.action, 'data_supplemented')));
    assert.equal(event?.actorId, admin.id);
    assert.equal(event?.actorRole, 'admin');
    assert.equal(event?.reason, 'people.csv');
  });

  test('[IMPORT] an XLSX file is recognised by its name and read as a workbook', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Subjects');
    sheet.addRow(['external_id', 'full_name', 'iin']);
    sheet.addRow(['XLSX-1', 'Дана Қасымова', iin('92121250034')]);
    sheet.addRow(['XLSX-2', 'Ерлан', '123']);
    const id = await upload(Buffer.from(await book.xlsx.writeBuffer()), 'subjects', 'people.xlsx');
    assert.equal((await runOf(id)).format, 'xlsx');
    assert.deepEqual(await createImportRunner({ db: t.db }).tick(), ['checked']);
    const { report } = await runOf(id);
    assert.equal(report?.counts.new, 1);
    assert.deepEqual(
      report?.rejected.map((r) => [r.line, r.reason]),
      [[3, 'iin']],
    );
    await t.db.transaction((tx) => cancelImport(tx, id));
  });

  test('[IMPORT] only a checked run can be started, once; a finished run cannot be cancelled', async () => {
    const id = await upload('external_id\nX-1\n');
    await assert.rejects(start(id), (error) => isDomainError(error) && error.code === 'stale');
    await createImportRunner({ db: t.db }).tick();
    await start(id);
    await assert.rejects(start(id), (error) => isDomainError(error) && error.code === 'stale');
    await createImportRunner({ db: t.db }).tick();
    await assert.rejects(
      t.db.transaction((tx) => cancelImport(tx, id)),
      (error) => isDomainError(error) && error.code === 'stale',
    );
    await assert.rejects(
      t.db.transaction((tx) => cancelImport(tx, randomUUID())),
      (error) => isDomainError(error) && error.code === 'notFound',
    );
  });

  test('[IMPORT] a file that is not of its kind fails, named, and its content is deleted', async () => {
    const id = await upload('name;phone\nx;1\n');
    assert.deepEqual(await createImportRunner({ db: t.db }).tick(), ['failed']);
    const run = await runOf(id);
    assert.equal(run.state, 'failed');
    assert.equal(run.failure, 'header');
    assert.equal(await chunksOf(id), 0);
  });
});

describe('[IMPORT] the runner leases its runs, resumes them and stops when cancelled', () => {
  test('[IMPORT] a run leased to a live runner is left alone; once its lease runs out another resumes it after the last committed line', async () => {
    const id = await upload('external_id\nA\nB\nC\n');
    await t.db
      .update(importRuns)
      .set({
        state: 'running',
        startedById: admin.id,
        lastCommittedLine: 3,
        rowsRead: 2,
        lockedBy: 'elsewhere:1:dead',
        lockedUntil: new Date(Date.now() + 60_000),
        attempts: 1,
      })
      .where(eq(importRuns.id, id));
    const { importer, calls } = fakeImporter(async () => {});
    const runner = createImportRunner({ db: t.db, importers: { subjects: importer } });
    assert.deepEqual(await runner.tick(), [], 'another runner holds it');

    await t.db
      .update(importRuns)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(importRuns.id, id));
    assert.deepEqual(await runner.tick(), ['done']);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.resumeAfterLine, 3);
    assert.equal(calls[0]!.actor.id, admin.id);
    const run = await runOf(id);
    assert.equal(run.state, 'done');
    assert.equal(run.attempts, 2);
    assert.equal(run.lockedBy, null);
  });

  test('[IMPORT] two runners at once: each run is carried out once', async () => {
    const ids = [await upload('external_id\nP\n'), await upload('external_id\nQ\n'), await upload('external_id\nR\n')];
    const { importer, calls } = fakeImporter(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const a = createImportRunner({ db: t.db, importers: { subjects: importer } });
    const b = createImportRunner({ db: t.db, importers: { subjects: importer } });
    const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
    assert.equal(fromA.length + fromB.length, 3);
    assert.equal(calls.length, 3);
    for (const id of ids) assert.equal((await runOf(id)).state, 'checked');
  });

  test('[IMPORT] progress is recorded as batches commit; a cancelled run stops at its next batch and its file is deleted', async () => {
    const id = await upload('external_id\nA\nB\nC\n');
    await createImportRunner({ db: t.db }).tick();
    await start(id);
    let seen: { rowsRead: number; lastCommittedLine: number } | null = null;
    let wentOn = false;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const { importer } = fakeImporter(async (options) => {
      options.onProgress(2, 3);
      await sleep(600);
      seen = await runOf(id);
      await t.db.transaction((tx) => cancelImport(tx, id));
      options.onProgress(3, 4); // its progress write finds the run cancelled…
      await sleep(300);
      options.onProgress(4, 5); // …and the next batch is told to stop
      wentOn = true;
    });
    assert.deepEqual(await createImportRunner({ db: t.db, importers: { subjects: importer } }).tick(), ['stopped']);
    assert.equal(wentOn, false);
    assert.deepEqual(
      { rowsRead: seen!.rowsRead, lastCommittedLine: seen!.lastCommittedLine },
      { rowsRead: 2, lastCommittedLine: 3 },
    );
    const run = await runOf(id);
    assert.equal(run.state, 'cancelled');
    assert.equal(await chunksOf(id), 0);
  });

  test('[IMPORT] a fault is retried later, and after three attempts the run fails', async () => {
    const id = await upload('external_id\nF\n');
    const { importer, calls } = fakeImporter(async () => {
      throw new Error('the database went away');
    });
    const runner = createImportRunner({ db: t.db, importers: { subjects: importer }, retryAfterSeconds: 0 });
    assert.deepEqual(await runner.tick(), ['retry', 'retry', 'failed']);
    assert.equal(calls.length, 3);
    const run = await runOf(id);
    assert.equal(run.state, 'failed');
    assert.equal(run.failure, 'internal');
    assert.equal(await chunksOf(id), 0);
  });

  test('[IMPORT] a kind or format the import cannot read fails as unsupported', async () => {
    const id = await upload('external_id\nI\n', 'items', 'items.csv');
    await createImportRunner({ db: t.db, importers: { subjects: importers.subjects! } }).tick();
    assert.equal((await runOf(id)).failure, 'unsupported');
  });

  test('[IMPORT] a run nobody took further is dropped with its file after a week', async () => {
    const id = await upload('external_id\nOld\n');
    await createImportRunner({ db: t.db }).tick();
    await t.db
      .update(importRuns)
      .set({ updatedAt: sql`now() - interval '8 days'` })
      .where(eq(importRuns.id, id));
    await createImportRunner({ db: t.db }).tick();
    assert.equal((await runOf(id)).state, 'cancelled');
    assert.equal(await chunksOf(id), 0);
  });
});
