import { sql } from 'drizzle-orm';
import type { DbOrTx } from '.';

/** Capitals of the Kazakh alphabet's own letters and of the Russian one, and what lower() must make of them. */
const CAPITALS = 'ӘҒҚҢӨҰҮҺІ ЁЖЩЯ';
const SMALL = 'әғқңөұүһі ёжщя';

/**
 * Whether the database folds the case of Kazakh and Russian letters. The queue's search matches a
 * lower-case copy of the subjects' names (migration 0038) and ILIKE on their names, both through
 * the database's own case folding, which follows the character type the database was created with:
 * one created with LOCALE 'C' leaves Cyrillic letters as they are, and "АЙГҮЛ" would not find
 * "Айгүл". A sentence saying so, or null. Checked at start (scripts/runtime.ts).
 */
export async function findTextFoldingProblem(db: DbOrTx): Promise<string | null> {
  const [row] = await db.execute<{ folds: boolean; ctype: string }>(
    sql`select lower(${CAPITALS}::text) = ${SMALL}::text as folds,
               (select datctype from pg_database where datname = current_database()) as ctype`,
  );
  if (row?.folds) return null;
  return (
    `the database (LC_CTYPE ${row?.ctype ?? 'unknown'}) does not fold the case of Kazakh and Russian letters, ` +
    `so searches by name would miss people: create it with ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0`
  );
}
