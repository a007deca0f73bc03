import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { dataCategories, purposeCategories, purposes, systemCategories, systems } from '@/db/schema/inventory';
import { subjects, type DataSource } from '@/db/schema/subjects';
import type { LocalizedText } from '@/db/schema/columns';
import { recordAudits, type Actor, type AuditInput } from '@/lib/audit/record';
import { sealForItems } from '@/lib/crypto/item-keys';
import { itemColumns, parseItemsFile, type ItemRejection, type ItemRow } from './items-file';
import { readRecords } from './records';
import { emptyReport, MAX_LISTED, type ImportOptions, type ImportReport } from './report';

/**
 * Importing a file of data items (issue 12, points 3 and 4): each row is matched to the item its
 * system holds about the subject in its category, by (system, subject, category), the unique index
 * data_items_system_item. A new item is added with its purposes, a changed value, source or method
 * updates the item, the same row again changes nothing. A batch is a handful of set-based
 * statements in one transaction, so a million rows go in at thousands a second with the memory of
 * one batch (bench/import-items.ts).
 */

/** Rows resolved and written at once: a transaction, seven statements and a few hundred audit events. */
const BATCH = 5000;

export type ItemsReport = ImportReport<ItemRejection, never>;
/** The items file's columns, for the rejected rows' download (lib/import/report.ts rejectedRowsCsv). */
export const itemsFileColumns = itemColumns;

type Entry = { id: string; retired: boolean };
/** The inventory as the import reads it: small tables, read once a batch. */
type Inventory = {
  categories: Map<string, Entry>;
  systems: Map<string, Entry & { name: LocalizedText }>;
  /** `${systemId}:${categoryId}` for each category a system holds. */
  held: Set<string>;
  purposes: Map<string, Entry>;
  /** The purposes in force that use a category: an item listing no purposes is processed for these. */
  purposesOf: Map<string, string[]>;
  codeOf: Map<string, string>;
};

async function readInventory(db: DbOrTx): Promise<Inventory> {
  const [categoryRows, systemRows, heldRows, purposeRows, usedRows] = await Promise.all([
    db
      .select({ id: dataCategories.id, code: dataCategories.code, retiredAt: dataCategories.retiredAt })
      .from(dataCategories),
    db.select({ id: systems.id, code: systems.code, name: systems.name, retiredAt: systems.retiredAt }).from(systems),
    db.select().from(systemCategories),
    db.select({ id: purposes.id, code: purposes.code, retiredAt: purposes.retiredAt }).from(purposes),
    db
      .select({ purposeId: purposeCategories.purposeId, categoryId: purposeCategories.categoryId })
      .from(purposeCategories)
      .innerJoin(purposes, and(eq(purposes.id, purposeCategories.purposeId), isNull(purposes.retiredAt))),
  ]);
  const purposesOf = new Map<string, string[]>();
  for (const { purposeId, categoryId } of usedRows)
    purposesOf.set(categoryId, [...(purposesOf.get(categoryId) ?? []), purposeId]);
  const entry = (r: { id: string; retiredAt: Date | null }) => ({ id: r.id, retired: r.retiredAt !== null });
  return {
    categories: new Map(categoryRows.map((c) => [c.code, entry(c)])),
    systems: new Map(systemRows.map((s) => [s.code, { ...entry(s), name: s.name }])),
    held: new Set(heldRows.map((h) => `${h.systemId}:${h.categoryId}`)),
    purposes: new Map(purposeRows.map((p) => [p.code, entry(p)])),
    purposesOf,
    codeOf: new Map(categoryRows.map((c) => [c.id, c.code])),
  };
}

/** `writer`: who writes this row, where rows of several writers go together (lib/api/items.ts putItems). */
type Row = { line: number; row: ItemRow; cells: Record<string, string>; writer?: ItemWriter };
type Resolved = Row & { subjectId: string; categoryId: string; systemId: string; purposeIds: string[] };
type Held = { id: string; value: string | null; source: DataSource; method: string; state: string };
type Outcome =
  | (Resolved & { kind: 'new' })
  | (Resolved & { kind: 'same'; itemId: string })
  | (Resolved & { kind: 'update'; itemId: string; previous: string });

/** Resolves a batch against the inventory and the subjects and items held; `lock`: rows locked for the update. */
async function resolveBatch(
  db: DbOrTx,
  batch: Row[],
  inventory: Inventory,
  lock: boolean,
): Promise<{ outcomes: Outcome[]; rejected: (Row & { reason: ItemRejection })[] }> {
  const rejected: (Row & { reason: ItemRejection })[] = [];
  const externalIds = [...new Set(batch.map((b) => b.row.externalId))];
  const found = await db
    .select({ id: subjects.id, externalId: subjects.externalId })
    .from(subjects)
    .where(inArray(subjects.externalId, externalIds));
  const subjectOf = new Map(found.map((s) => [s.externalId!, s.id]));

  const resolved: Resolved[] = [];
  for (const b of batch) {
    const subjectId = subjectOf.get(b.row.externalId);
    const category = inventory.categories.get(b.row.category);
    const system = inventory.systems.get(b.row.system);
    const listed = b.row.purposes?.map((code) => inventory.purposes.get(code));
    const reason: ItemRejection | null = !subjectId
      ? 'unknownSubject'
      : !category || category.retired
        ? 'unknownCategory'
        : !system || system.retired
          ? 'unknownSystem'
          : !inventory.held.has(`${system.id}:${category.id}`)
            ? 'categoryNotInSystem'
            : listed?.some((p) => !p || p.retired)
              ? 'unknownPurpose'
              : null;
    if (reason) {
      rejected.push({ ...b, reason });
      continue;
    }
    resolved.push({
      ...b,
      subjectId: subjectId!,
      categoryId: category!.id,
      systemId: system!.id,
      purposeIds: listed ? listed.map((p) => p!.id) : (inventory.purposesOf.get(category!.id) ?? []),
    });
  }
  if (resolved.length === 0) return { outcomes: [], rejected };

  // One indexed probe of data_items_system_item a row, in one statement for the batch.
  const keys = resolved.map((r) => ({ s: r.systemId, j: r.subjectId, c: r.categoryId }));
  const heldRows = (await db.execute(sql`
    select d.id, d.system_id, d.subject_id, d.category_id, d.value, d.source, d.method, d.state
    from json_to_recordset(${JSON.stringify(keys)}::json) as k(s uuid, j uuid, c uuid)
    join data_items d on d.system_id = k.s and d.subject_id = k.j and d.category_id = k.c
    ${lock ? sql`for update of d` : sql``}`)) as unknown as (Held & {
    system_id: string;
    subject_id: string;
    category_id: string;
  })[];
  const heldBy = new Map(heldRows.map((h) => [`${h.system_id}:${h.subject_id}:${h.category_id}`, h]));

  const outcomes: Outcome[] = [];
  for (const r of resolved) {
    const held = heldBy.get(`${r.systemId}:${r.subjectId}:${r.categoryId}`);
    if (!held) {
      outcomes.push({ ...r, kind: 'new' });
      continue;
    }
    // Destroyed at the subject's request (Art. 1(6)): never brought back by an import.
    if (held.state === 'destroyed') {
      rejected.push({ ...r, reason: 'destroyed' });
      continue;
    }
    if (held.value === r.row.value && held.source === r.row.source && held.method === r.row.method) {
      outcomes.push({ ...r, kind: 'same', itemId: held.id });
      continue;
    }
    // Blocked (Art. 1(3)): stored, not changed, as lib/data-items/changes.ts refuses it too.
    if (held.state === 'blocked') {
      rejected.push({ ...r, reason: 'blocked' });
      continue;
    }
    outcomes.push({ ...r, kind: 'update', itemId: held.id, previous: held.value! });
  }
  return { outcomes, rejected };
}

type Apply = (tx: Tx, outcomes: Outcome[], inventory: Inventory) => Promise<void>;

/**
 * Reads an items file as it streams and resolves it a batch at a time, handing each batch to
 * `apply` in its own transaction (nothing for a dry run), counting what each row is or would be.
 */
async function processItems(
  db: Db,
  file: AsyncIterable<Uint8Array>,
  apply: Apply | null,
  options: ImportOptions,
): Promise<ItemsReport> {
  const format = options.format ?? 'csv';
  const { encoding, records } = await readRecords(file, { format, encoding: options.encoding });
  const report: ItemsReport = emptyReport(format, encoding);
  const resumeAfter = options.resumeAfterLine ?? 0;
  const reject = (line: number, reason: ItemRejection, cells: Record<string, string>) => {
    report.counts.rejected++;
    if (report.rejected.length < MAX_LISTED) report.rejected.push({ line, reason, cells });
  };
  type Waiting = { line: number; reason: ItemRejection; cells: Record<string, string> };
  const run = async (tx: DbOrTx, batch: Row[], write: Apply | null) => {
    const inventory = await readInventory(tx);
    const resolved = await resolveBatch(tx, batch, inventory, write !== null);
    if (write) await write(tx as Tx, resolved.outcomes, inventory);
    return resolved;
  };
  /**
   * A batch's work, then its place in the report once the batch before it is done, so the report
   * and the progress (the last line committed with every line before it) follow the file's order.
   */
  const flush = async (batch: Row[], waiting: Waiting[], rows: number, last: number, before: Promise<void>) => {
    const done = apply ? db.transaction((tx) => run(tx, batch, apply)) : run(db, batch, null);
    const [{ outcomes, rejected }] = await Promise.all([done, before]);
    for (const o of outcomes) report.counts[o.kind]++;
    for (const r of [...waiting, ...rejected].sort((a, b) => a.line - b.line)) reject(r.line, r.reason, r.cells);
    report.lastLine = last;
    options.onProgress?.(rows, last);
  };
  // Two batches are under way while the file is read and checked: PostgreSQL gets a core for each
  // and Node its own. They write different items (the file's duplicates are turned down), and the
  // audit chain's lock lines up their events. Another import writing the same items at the same
  // time fails on the unique index (data_items_system_item) rather than adding an item twice: it is
  // run again, and finds them.
  const IN_FLIGHT = 2;
  const flights: Promise<void>[] = [];
  const next = async (batch: Row[], waiting: Waiting[], rows: number, last: number) => {
    if (flights.length === IN_FLIGHT) await flights.shift();
    const flight = flush(batch, waiting, rows, last, flights.at(-1) ?? Promise.resolve());
    // Awaited in turn above or below; a failure is thrown there.
    flight.catch(() => {});
    flights.push(flight);
  };
  let batch: Row[] = [];
  // The file's own rejections wait for their batch, so the list stays in the file's line order.
  let waiting: Waiting[] = [];
  let line = 1;
  try {
    for await (const parsed of parseItemsFile(records)) {
      report.rows++;
      line = parsed.line;
      if (line <= resumeAfter) {
        report.skipped++;
        report.lastLine = line;
        continue;
      }
      if ('rejected' in parsed) waiting.push({ line, reason: parsed.rejected, cells: parsed.cells });
      else batch.push(parsed);
      if (batch.length === BATCH) {
        await next(batch, waiting, report.rows, line);
        [batch, waiting] = [[], []];
      }
    }
    if (batch.length > 0 || waiting.length > 0) await next(batch, waiting, report.rows, line);
  } finally {
    // Whatever stopped the reading, the batches under way commit or fail before this returns.
    for (const flight of flights) await flight;
  }
  return report;
}

/** What importing the file would do, without writing anything. */
export function dryRunItems(
  db: Db,
  file: AsyncIterable<Uint8Array>,
  options: ImportOptions = {},
): Promise<ItemsReport> {
  return processItems(db, file, null, options);
}

/** Who writes items and how the change is recorded: the audit's actor, reason and extra details. */
export type ItemWriter = { source?: string; actor: Actor; details?: Record<string, unknown> };

/**
 * Writes resolved rows in the caller's transaction: new items with their purposes, changed ones
 * updated with their old values sealed, and the audit events. Gives each changed row's item id.
 */
async function applyOutcomes(
  tx: Tx,
  outcomes: Outcome[],
  inventory: Inventory,
  options: ItemWriter,
): Promise<(o: Outcome) => string> {
  const now = new Date();
  const created = outcomes.filter((o) => o.kind === 'new');
  const inserted = created.length
    ? ((await tx.execute(sql`
        insert into data_items (subject_id, category_id, system_id, value, source, source_detail, method, collected_at)
        select j, c, s, v, src::data_source, sd, m::processing_method, coalesce(t, ${now.toISOString()}::timestamptz)
        from json_to_recordset(${JSON.stringify(
          created.map((o) => ({
            j: o.subjectId,
            c: o.categoryId,
            s: o.systemId,
            v: o.row.value,
            src: o.row.source,
            sd: (o.writer ?? options).source ?? null,
            m: o.row.method,
            t: o.row.collectedAt,
          })),
        )}::json) as r(j uuid, c uuid, s uuid, v text, src text, sd text, m text, t timestamptz)
        returning id, subject_id, category_id, system_id`)) as unknown as {
        id: string;
        subject_id: string;
        category_id: string;
        system_id: string;
      }[])
    : [];
  const idOf = new Map(inserted.map((i) => [`${i.system_id}:${i.subject_id}:${i.category_id}`, i.id]));
  const itemOf = (o: Outcome) =>
    o.kind === 'new' ? idOf.get(`${o.systemId}:${o.subjectId}:${o.categoryId}`)! : o.itemId;
  const uses = created.flatMap((o) => o.purposeIds.map((p) => ({ i: itemOf(o), p })));
  if (uses.length)
    await tx.execute(sql`
      insert into data_item_purposes (data_item_id, purpose_id)
      select i, p from json_to_recordset(${JSON.stringify(uses)}::json) as r(i uuid, p uuid)`);

  const updated = outcomes.filter((o) => o.kind === 'update');
  const sealed = await sealForItems(tx, new Map(updated.map((o) => [o.itemId, o.previous])));
  if (updated.length)
    await tx.execute(sql`
      update data_items d
      set value = r.v, source = r.src::data_source, method = r.m::processing_method,
          collected_at = coalesce(r.t, ${now.toISOString()}::timestamptz), updated_at = ${now.toISOString()}::timestamptz
      from json_to_recordset(${JSON.stringify(
        updated.map((o) => ({
          i: o.itemId,
          v: o.row.value,
          src: o.row.source,
          m: o.row.method,
          t: o.row.collectedAt,
        })),
      )}::json) as r(i uuid, v text, src text, m text, t timestamptz)
      where d.id = r.i`);

  await recordAudits(tx, auditEvents([...created, ...updated], itemOf, sealed, inventory, options));
  return itemOf;
}

/**
 * Imports an items file. New items are added, processed for the purposes the row lists or, when it
 * lists none, for every purpose in force that uses the category (so the subject sees them with their
 * purposes on My data); a changed item takes the new value, source and method, its old value kept
 * only sealed with the item's key in the audit event (lib/crypto/item-keys.ts, as a rectification
 * does); a blocked or destroyed item is left and reported. Each batch commits with its audit events:
 * one per subject, system and kind of change, naming the system and the categories (never a value),
 * which the subject sees in their activity as supplemented or updated from that system (Art. 8-2).
 * Importing the same file again changes nothing.
 */
export function importItems(
  db: Db,
  file: AsyncIterable<Uint8Array>,
  options: ImportOptions & { source?: string; actor: Actor },
): Promise<ItemsReport> {
  return processItems(
    db,
    file,
    async (tx, outcomes, inventory) => {
      await applyOutcomes(tx, outcomes, inventory, { source: options.source, actor: options.actor });
    },
    options,
  );
}

/**
 * One row given to writeItemRows, checked by lib/import/items-file.ts checkItemCells; its own
 * `writer` (actor and audit details) when rows of several tokens are written together.
 */
export type ItemWrite = Row;
/** What became of a row: the item it added, updated or found as it is, or why it was turned down. */
export type ItemWriteResult =
  | { line: number; kind: 'new' | 'update' | 'same'; itemId: string }
  | { line: number; kind: 'rejected'; reason: ItemRejection };

/**
 * The import's matching and writing for rows that do not come from a file (the API's item writes,
 * lib/api/items.ts): the same checks against the inventory and the items held (a destroyed item is
 * never brought back, a blocked one never changed), the same writes and audit events, in the
 * caller's transaction, with a result a row. The rows must name distinct items. A row's `writer`,
 * if it has one, stands for `options` in its writes and audit events.
 */
export async function writeItemRows(tx: Tx, rows: ItemWrite[], options: ItemWriter): Promise<ItemWriteResult[]> {
  const inventory = await readInventory(tx);
  const { outcomes, rejected } = await resolveBatch(tx, rows, inventory, true);
  const itemOf = await applyOutcomes(tx, outcomes, inventory, options);
  const results: ItemWriteResult[] = [
    ...outcomes.map((o) => ({ line: o.line, kind: o.kind, itemId: itemOf(o) })),
    ...rejected.map((r) => ({ line: r.line, kind: 'rejected' as const, reason: r.reason })),
  ];
  return results.sort((a, b) => a.line - b.line);
}

/**
 * One event per subject, system and kind of change in the batch, not one an item: the audit chain
 * links its rows one by one (a few thousand a second), which one event a row would make the whole
 * import's pace. The event names the system, in the three languages for the subject's activity,
 * and the categories and items; an update also carries each old value sealed with its item's key.
 */
function auditEvents(
  changed: Outcome[],
  itemOf: (o: Outcome) => string,
  sealed: Map<string, string>,
  inventory: Inventory,
  options: ItemWriter,
): AuditInput[] {
  const groups = new Map<string, Outcome[]>();
  for (const o of changed) {
    const key = `${o.kind}:${o.subjectId}:${o.systemId}:${(o.writer ?? options).actor.id}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const systemById = new Map([...inventory.systems].map(([code, s]) => [s.id, { code, name: s.name }]));
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const writer = first.writer ?? options;
    const system = systemById.get(first.systemId)!;
    const items = group.map(itemOf);
    return {
      actor: writer.actor,
      action: first.kind === 'new' ? 'data_supplemented' : 'data_changed',
      subjectId: first.subjectId,
      entityType: 'subject',
      entityId: first.subjectId,
      reason: writer.source ?? null,
      details: {
        ...(writer.details ?? { import: true }),
        system: system.code,
        systemName: system.name,
        categories: group.map((o) => inventory.codeOf.get(o.categoryId)!),
        items,
        ...(first.kind === 'update'
          ? { previousValues: Object.fromEntries(items.map((id) => [id, sealed.get(id)])) }
          : {}),
      },
    };
  });
}
