import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * One cell of a comma-separated row as csvRows (lib/csv.ts) writes it, written by PostgreSQL, for an
 * export whose lines the database joins (db/queries/queue.ts, findQueueExportPage: 120,000 rows
 * with no object or string made per row on the server, issue 15). NULL is an empty cell; a cell
 * beginning with = + - @, a tab, a carriage return or their full-width forms gets an apostrophe
 * before it, and a cell holding a quote, a comma, a line feed or a carriage return is quoted, its quotes
 * doubled: csv-stringify's escape_formulas and quoting as csvRows
 * calls it. lib/backoffice/queue-export.test.ts compares the two on hostile values.
 */
export function csvCellSql(value: SQLWrapper): SQL<string> {
  const cell = sql`coalesce(${value}::text, '')`;
  // E-strings: PostgreSQL turns \t, \r, \n and \uXXXX into the characters.
  const formula = sql.raw("E'^[-=+@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20]'");
  // A line break, lone or not, is quoted (csvRows asks csv-stringify for quote_record_delimiter).
  const quoted = sql.raw("E'[\",\\r\\n]'");
  const prefixed = sql`case when ${cell} ~ ${formula} then '''' || ${cell} else ${cell} end`;
  return sql<string>`(case when ${cell} !~ ${formula} and ${cell} !~ ${quoted} then ${cell}
    when ${cell} ~ ${quoted} then '"' || replace(${prefixed}, '"', '""') || '"' else ${prefixed} end)`;
}
