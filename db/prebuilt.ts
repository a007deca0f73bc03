import { getTableColumns, is, Param, Placeholder, SQL, type Query, type Table } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { DbOrTx } from '@/db';

/** Builds statements, never runs them: the portal's casing, no connection. */
const builder = drizzle.mock({ casing: 'snake_case' });
const dialect = new PgDialect({ casing: 'snake_case' });
export type Builder = typeof builder;

/** A parameter: a value fixed in the statement, or a placeholder filled (and encoded, as its column does) per call. */
type Slot = { fixed: unknown } | { name: string; encode: ((value: unknown) => unknown) | null };
type Fields = { path: string[]; field: unknown }[];
const built = new Map<string, { sql: string; slots: Slot[] }>();
const tableFields = new WeakMap<Table, Fields>();

/** A whole table's columns as Drizzle maps a row of `select().from(table)`: in its order, by property name. */
function fieldsOf(table: Table): Fields {
  let fields = tableFields.get(table);
  if (!fields) {
    fields = Object.entries(getTableColumns(table)).map(([key, column]) => ({ path: [key], field: column }));
    tableFields.set(table, fields);
  }
  return fields;
}

function slotOf(param: unknown): Slot {
  if (is(param, Placeholder)) return { name: param.name, encode: null };
  if (is(param, Param) && is(param.value, Placeholder)) {
    const { encoder } = param;
    return { name: param.value.name, encode: (value) => encoder.mapToDriverValue(value) };
  }
  return { fixed: param };
}

/**
 * Runs a statement that Drizzle builds once a process, its values written as placeholders
 * (`sql.placeholder('name')`), with this call's values (issue 15). Building a statement with
 * Drizzle (its SQL text and parameter list, from the schema's columns) cost a write ~0.1-0.3 ms of
 * Node's CPU each time, as much as sending it: for the statements every write sends, the text is
 * kept and only the values change. `key` names the statement's shape (one text for each; a part
 * that varies, such as a list's length, belongs in the key). `build` gets a builder that only
 * builds; columns with a default made in JavaScript (`$defaultFn`) must be given a value, or the
 * first call's would be kept. A value is encoded as its column encodes it (a Date for a timestamp),
 * null as null. Rows come as the server returns them: named as the statement names its columns,
 * not mapped by Drizzle (as `db.execute` returns them); with `rowsOf`, a statement selecting that
 * table's whole row (`select().from(table)`), as Drizzle maps them (property names, dates as Date).
 */
export function runPrebuilt<Row extends Record<string, unknown> = Record<string, unknown>>(
  db: DbOrTx,
  key: string,
  build: (builder: Builder) => SQL | { toSQL(): Query },
  values: Record<string, unknown>,
  rowsOf?: Table,
): Promise<Row[]> {
  let statement = built.get(key);
  if (!statement) {
    const made = build(builder);
    const query = is(made, SQL) ? dialect.sqlToQuery(made) : made.toSQL();
    statement = { sql: query.sql, slots: query.params.map(slotOf) };
    built.set(key, statement);
  }
  const params = statement.slots.map((slot) => {
    if ('fixed' in slot) return slot.fixed;
    const value = values[slot.name];
    if (value === undefined) throw new Error(`runPrebuilt(${key}): no value for "${slot.name}"`);
    return value === null || !slot.encode ? value : slot.encode(value);
  });
  return db._.session
    .prepareQuery<{ execute: Row[]; all: unknown; values: unknown }>(
      { sql: statement.sql, params },
      rowsOf ? (fieldsOf(rowsOf) as never) : undefined,
      undefined,
      rowsOf !== undefined,
    )
    .execute();
}
