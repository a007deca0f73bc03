import { sql, type SQL } from 'drizzle-orm';
import { check, customType, jsonb, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** Text the operator writes once per language: names, descriptions, citations. */
export type LocalizedText = { kk: string; ru: string; en: string };

export const localized = () => jsonb().$type<LocalizedText>();

/** The database refuses a localized value that lacks one of the three languages. */
export function localizedCheck(name: string, column: AnyPgColumn, nullable = false) {
  // coalesce: a missing key makes the comparison NULL, and CHECK lets NULL through.
  const complete: SQL = sql`coalesce(jsonb_typeof(${column}->'kk') = 'string' and jsonb_typeof(${column}->'ru') = 'string' and jsonb_typeof(${column}->'en') = 'string', false)`;
  return check(name, nullable ? sql`${column} is null or ${complete}` : complete);
}

export const timestamptz = () => timestamp({ withTimezone: true, mode: 'date' });

export const createdAt = () => timestamptz().notNull().defaultNow();

/** Binary content (attachments) kept in PostgreSQL, so a DESTROY erases it in the same transaction. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

/** PostgreSQL's case-insensitive text (the citext extension), for e-mail addresses. */
export const citext = customType<{ data: string }>({
  dataType: () => 'citext',
});
