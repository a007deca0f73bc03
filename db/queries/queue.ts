import { and, asc, desc, eq, ilike, isNull, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { namedSubjectsDigestSql, type NamedSubjects } from './audit-subjects';
import { csvCellSql } from './csv';
import { users } from '@/db/schema/auth';
import {
  isOpenState,
  requests,
  requestStates,
  requestTypes,
  type RequestState,
  type RequestType,
} from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { openRequestSql } from './requests';
import { containsPattern, emailContains, nameContains } from './subjects';
import type { Today } from './today';

/**
 * The request queue: filters and the order live in the URL, and keyset pagination on the order's
 * columns and the id (never OFFSET), so the thousandth page costs what the first does, backwards
 * as forwards (indexes in db/schema/requests.ts). Open requests, the default view, are read through
 * partial indexes holding only them: a page of the open queue never walks past the closed history
 * (bench/queue.ts checks every view's plan).
 */
export type QueueFilters = {
  type: RequestType | null;
  /** A state, 'open' (default) or 'all'. */
  state: RequestState | 'open' | 'all';
  /** 'me', 'none', or a staff member's id. */
  assignee: string | null;
  overdue: boolean;
  dueToday: boolean;
  q: string;
  sort: QueueSort;
};

/**
 * The orders the queue offers. Each pages on its columns and the id: the due time (the default, the
 * most urgent first, or the latest first), the registration time (oldest or newest first), or the
 * type and then the due time. Every one is served by an index for the open set and for all requests,
 * read forwards or backwards.
 */
export const queueSorts = ['due', '-due', 'registered', '-registered', 'type'] as const;
export type QueueSort = (typeof queueSorts)[number];
type SortKey = 'due' | 'registered' | 'type';
const sortKeys: Record<QueueSort, { keys: readonly SortKey[]; descending: boolean }> = {
  due: { keys: ['due'], descending: false },
  '-due': { keys: ['due'], descending: true },
  registered: { keys: ['registered'], descending: false },
  '-registered': { keys: ['registered'], descending: true },
  type: { keys: ['type', 'due'], descending: false },
};
const keyColumn = { due: requests.dueAt, registered: requests.registeredAt, type: requests.type } as const;
const keyCast = { due: sql`timestamptz`, registered: sql`timestamptz`, type: sql`request_type` } as const;

/**
 * Where a page starts: the values of the order's columns for the row before it (after) or after it
 * (before), and that row's id, which makes the order total. Times are the database's full
 * precision (microseconds, as text: a JavaScript Date would round them to milliseconds, and a page
 * would then start before rows it already showed).
 */
export type QueueCursor = { keys: string[]; id: string };
/** A time as a cursor carries it: UTC, microseconds. */
export const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export const QUEUE_PAGE = 50;

/**
 * A cursor as findQueuePage writes it in `next` and `prev`: the values of the order's columns, then
 * the id, joined by "_" (`<due time>_<id>`, `<type>_<due time>_<id>`). Null when it is not of that
 * shape; whether its values fit an order is cursorFitsSort's to say.
 */
export function readCursor(text: string): QueueCursor | null {
  // A type may hold "_" itself (PUBLIC_REMOVE): it is read as the letters before the time.
  const match = /^(?:([A-Z][A-Z_]*)_)?([^_]+)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(
    text,
  );
  if (!match) return null;
  const [, type, instant, id] = match as unknown as [string, string | undefined, string, string];
  return { keys: type ? [type, instant] : [instant], id };
}

/** Whether a cursor's values are those of this order: a cursor of another order is not used. */
export function cursorFitsSort(cursor: QueueCursor, sort: QueueSort): boolean {
  const { keys } = sortKeys[sort];
  return (
    cursor.keys.length === keys.length &&
    keys.every((key, i) => {
      const value = cursor.keys[i]!;
      return key === 'type'
        ? (requestTypes as readonly string[]).includes(value)
        : CURSOR_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
    })
  );
}

/** How a search text is read: which kind of value it is, and the condition it puts on the rows. */
export function searchKind(q: string): 'reference' | 'iin' | 'referencePart' | 'email' | 'nameOrEmail' {
  if (/^\d{4}-\d{6}$/.test(q)) return 'reference';
  if (/^\d{12}$/.test(q)) return 'iin';
  if (/^[\d-]+$/.test(q)) return 'referencePart';
  if (q.includes('@')) return 'email';
  return 'nameOrEmail';
}

/**
 * Whether a view holds open requests only (the default, overdue, due today, or an open state): its
 * search by name or e-mail address is then read from the requests' copy of them
 * (requests.subject_search), through an index of the open requests alone.
 */
function opensOnly(filters: QueueFilters): boolean {
  return (
    filters.state === 'open' ||
    filters.overdue ||
    filters.dueToday ||
    (filters.state !== 'all' && isOpenState(filters.state))
  );
}

/** The most matches a search's first step reads (findQueueMatches): past it, 'many'. */
function searchCap(filters: QueueFilters): number {
  return opensOnly(filters) && searchKind(filters.q) !== 'referencePart' ? SEARCH_WIDE : SEARCH_NARROW;
}

const copyLike = (text: SQLWrapper, pattern: string) => sql`${text} like lower(${pattern})`;

function searchSql(q: string, openOnly: boolean): SQL | undefined {
  switch (searchKind(q)) {
    case 'reference':
      return eq(requests.reference, q);
    case 'iin':
      return eq(subjects.iin, q);
    case 'referencePart':
      return ilike(requests.reference, containsPattern(q));
    // The name and the address are a line each of subject_search: a search text, one line, matches
    // either and never across them; whereOf writes `is_open` for an open view, which lets the open
    // requests' index serve it.
    // The copy is lower case (migration 0038): LIKE with the text lower-cased once by the database,
    // rather than ILIKE folding every row it tests.
    case 'email':
      return openOnly ? emailContains(q, requests.subjectSearch, copyLike) : emailContains(q);
    case 'nameOrEmail':
      return openOnly ? copyLike(requests.subjectSearch, containsPattern(q)) : or(nameContains(q), emailContains(q));
  }
}

/**
 * A search for part of a reference, an e-mail address or a name is answered in steps. First the
 * matching requests, up to SEARCH_NARROW of them, are found through the trigram indexes, in no
 * order; when that is all of them, the page is those rows sorted (a few thousand at most), and
 * their number is the count. Asked in one query, PostgreSQL would walk the order's index testing
 * each row against the pattern, whose selectivity a prepared statement's generic plan cannot
 * know: a rare match (one e-mail address) then reads the whole history, seconds at a million
 * requests.
 *
 * A view of open requests searched by name or e-mail address reads its matches from
 * requests_open_subject_search_trgm, an index of the open requests' copy of their subject's name
 * and address, up to SEARCH_WIDE of them: a first name one person in twenty bears is 6,000 open
 * requests at a million, read and sorted in milliseconds, none thrown away. Walking the order's
 * index instead discarded every request of someone else (37-41 rows a row shown at a million
 * subjects, bench/RESULTS.md round 17), and finding the subjects first read 50,000 of them, most
 * with nothing open. Past SEARCH_WIDE the text is in one open request in six or more, and walking
 * the order finds a page within a few rows a row; its count is then "more than SEARCH_WIDE".
 *
 * Over every state (the history), a search by name or e-mail matching more requests (a common full
 * name over the years) is answered from its subjects: up to SEARCH_SUBJECTS of them, found through
 * the trigram indexes, and their requests read through the subject's indexes and sorted (a few
 * thousand rows read, none thrown away). Only a search matching more subjects still than that
 * (three letters common to most names) walks the order's index, where it finds a page quickly;
 * its count is then "more than SEARCH_NARROW".
 */
export const SEARCH_NARROW = 2000;
export const SEARCH_WIDE = 20_000;
export const SEARCH_SUBJECTS = 20_000;
/**
 * The requests a partial search matches, with the view's filters, in the view's order (a page is
 * then the ids after its cursor); for one page, only the ids it can hold and how many match in all
 * (MatchesWindow); or the subjects whose requests they are; 'many' past both; null: no partial
 * search.
 */
export type QueueMatches = string[] | MatchesWindow | { subjectIds: string[] } | 'many' | null;
/**
 * The matches a page can hold, in the view's order: the first limit and one, or the limit and one
 * after (before, going back) its cursor; and the number of all the matches, which the page shows.
 * Chosen by the database, which then sorts only as many as it keeps (a top-N sort) and sends only
 * those: a first name one person in twenty bears is 6,000 open requests at a million, and sorting
 * all of them and sending them to the server took about half of the first step (bench/RESULTS.md
 * round 19).
 */
export type MatchesWindow = { window: string[]; total: number };
/** Where the page that asks for a search's matches starts, and how many rows it shows. */
export type MatchesPage = { after?: QueueCursor | null; before?: QueueCursor | null; limit?: number };

const isWindow = (matches: QueueMatches | undefined): matches is MatchesWindow =>
  typeof matches === 'object' && matches !== null && 'window' in matches;

/**
 * `page`: the matches for that page alone (MatchesWindow); without it every match, in order, as
 * the CSV export reads them page after page.
 */
export async function findQueueMatches(
  db: DbOrTx,
  filters: QueueFilters,
  { staffId, today, page }: { staffId: string; today: Today; page?: MatchesPage },
): Promise<QueueMatches> {
  const kind = filters.q ? searchKind(filters.q) : null;
  if (kind !== 'referencePart' && kind !== 'email' && kind !== 'nameOrEmail') return null;
  const { where, bySubject } = whereOf(filters, staffId, today, null);
  return db.transaction(async (tx) => {
    // Through the trigram indexes, planned for this pattern. The planner counts an ILIKE as one
    // operator call a row, where folding the case of a Cyrillic name costs microseconds, and so
    // prefers reading every subject (a third of a second at 200,000) to the index (milliseconds);
    // and a generic plan cannot know whether '%Ким%' matches a tenth of the subjects or one.
    await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
    await tx.execute(sql`set local enable_seqscan = off`);
    const search = searchSql(filters.q, false);
    if (bySubject && search) {
      // The subjects first: few, their requests then found through the subject's registration index,
      // never by reading every request.
      const found = await tx
        .select({ id: subjects.id })
        .from(subjects)
        .where(search)
        .limit(sql.raw(String(SEARCH_SUBJECTS + 1)) as unknown as number);
      if (found.length > SEARCH_SUBJECTS) return 'many';
      const subjectIds = found.map((row) => row.id);
      const ids = await sortedMatches(
        tx,
        filters,
        whereOf(filters, staffId, today, { subjectIds }).where,
        SEARCH_NARROW,
        page,
      );
      return ids ?? { subjectIds };
    }
    return (await sortedMatches(tx, filters, where, searchCap(filters), page)) ?? 'many';
  });
}

/**
 * The requests `where` holds, up to `cap`, in the view's order; null past it. Found in no order (a
 * LIMIT keeps the subquery whole, so the planner cannot walk the order's index to find them, as it
 * would the rows of an ORDER BY … LIMIT), then sorted.
 */
async function sortedMatches(
  tx: Tx,
  filters: QueueFilters,
  where: SQL | undefined,
  cap: number,
  page: MatchesPage | undefined,
): Promise<string[] | MatchesWindow | null> {
  const matching = tx
    .select({ id: requests.id, type: requests.type, dueAt: requests.dueAt, registeredAt: requests.registeredAt })
    .from(requests)
    .where(where)
    .limit(sql.raw(String(cap + 1)) as unknown as number);
  if (page) return matchesWindow(tx, filters, matching, cap, page);
  const found = matching.as('found');
  const { keys, descending } = sortKeys[filters.sort];
  const foundColumns = { due: found.dueAt, registered: found.registeredAt, type: found.type } as const;
  const rows = await tx
    .select({ id: found.id })
    .from(found)
    .orderBy(...[...keys.map((key) => foundColumns[key]), found.id].map((column) => (descending ? desc : asc)(column)));
  return rows.length > cap ? null : rows.map((row) => row.id);
}

/**
 * The window of the matches a page holds (MatchesWindow), and their number, in one statement: the
 * matches are read once (a CTE named twice is kept), counted, and the window taken from them by a
 * top-N sort, with the page's cursor as the page reads it (findQueuePage).
 */
async function matchesWindow(
  tx: Tx,
  filters: QueueFilters,
  matching: SQLWrapper,
  cap: number,
  { after, before, limit = QUEUE_PAGE }: MatchesPage,
): Promise<MatchesWindow | null> {
  const { keys, descending } = sortKeys[filters.sort];
  const cursor = after ?? before ?? null;
  const greater = descending === (!after && Boolean(before));
  const columns = [...keys.map((key) => sql.raw(`found.${foundColumn[key]}`)), sql.raw('found.id')];
  const beyond = cursor ? sql`where ${pastCursor(columns, keys, cursor, greater)}` : sql``;
  const order = sql.join(
    columns.map((column) => sql`${column} ${sql.raw(greater ? 'asc' : 'desc')}`),
    sql`, `,
  );
  const [row] = await tx.execute<{ total: number; ids: string[] }>(sql`
    with found as (${matching})
    select (select count(*)::int from found) as total,
           array(select found.id::text from found ${beyond} order by ${order}
                 limit ${sql.raw(String(Math.trunc(limit) + 1))}) as ids`);
  return !row || row.total > cap ? null : { window: row.ids, total: row.total };
}
const foundColumn = { due: 'due_at', registered: 'registered_at', type: 'type' } as const;

/** Ids as one text parameter: the statement is the same whatever their number (ids come from the database: uuids). */
export const idArray = (ids: string[]) => `{${ids.join(',')}}`;

/**
 * "Overdue" in an order by registration: a redundant bound that lets the walk of the registration
 * index start where overdue requests can first be, rather than at the newest request. "Overdue"
 * depends on the current time, so no partial index holds only those rows; walking the newest first
 * and testing each row's due time threw away every request still within its deadline (28,522 rows
 * read for 51 at a million requests, bench/queue.ts).
 *
 * The bound is the latest registration an overdue request can have, per type (the terms differ:
 * ACCESS 3 working days, WITHDRAW 15, RECTIFY 1), the latest of the types the view shows. Due times
 * fall at a working day's end, so the open requests of a type share few distinct due times: for
 * the latest `OVERDUE_EXACT_DUES` of them before `now` (d0 > d1 > …), the latest registration among
 * the open requests due exactly then is one index entry of requests_open_type_due_registered; every
 * overdue request due earlier still, at dK at the latest, was registered at dK - span at the latest,
 * `span` being the type's shortest due_at - registered_at among open requests (one entry of
 * requests_open_term; its condition due_at > registered_at, which the check
 * requests_due_after_registration makes true of every row, is the index's predicate: see
 * db/schema/requests.ts). So every overdue request is at or before the bound whatever the deadline
 * policies, the calendar or an extension made of the due times (a policy that shortened a term only
 * loosens it), and the rows are exactly those the due time alone selects. Where a type's due times
 * follow its registrations, as they do under one policy, the bound is the last overdue request's
 * own registration: a bound taken from the shortest span alone read a day or more of requests
 * still in their term (a 3-working-day term spans 3 to 6 days across a weekend: 64 rows read for
 * one returned for ACCESS at a million). Everything is read in one statement (one snapshot). With
 * no open request overdue the bound is null and so is the view, as it would be anyway.
 */
const OVERDUE_EXACT_DUES = 5; // a working week of due times: past a weekend and most holiday runs

export function overdueRegisteredBefore(now: Date, type: RequestType | null): SQL {
  const types = type ? sql`(values (${type}::request_type))` : sql`unnest(enum_range(null::request_type))`;
  const exact = sql.raw(String(OVERDUE_EXACT_DUES));
  const bound = sql`(with recursive due(type, level, at) as (
      select t.type, 0, (select max(o.due_at) from requests o
                         where o.is_open and o.type = t.type and o.due_at < ${now.toISOString()}::timestamptz)
      from ${types} as t(type)
      union all
      select d.type, d.level + 1, (select max(o.due_at) from requests o
                                   where o.is_open and o.type = d.type and o.due_at < d.at)
      from due d where d.level < ${exact} and d.at is not null
    )
    select max(case
      when d.level < ${exact} then (select max(o.registered_at) from requests o
                                   where o.is_open and o.type = d.type and o.due_at = d.at)
      else d.at - (select min(o.due_at - o.registered_at) from requests o
                   where o.is_open and o.due_at > o.registered_at and o.type = d.type)
    end) from due d)`;
  return sql`${requests.registeredAt} <= ${bound}`;
}

/**
 * A type or state written into the statement as a literal, not sent as a parameter: the planner then
 * knows which one it is, how many requests have it (the column's statistics: FORWARDED is one in
 * two hundred, COMPLETED three in four) and which partial index it fits, even in a prepared
 * statement's generic plan. With a parameter it priced every state alike and walked an order's
 * index past thousands of requests of other states to find a rare one (bench/queue-views.ts). Only
 * values of the enumeration's own list are written; the statements stay as few as the views.
 */
function enumLiteral<T extends string>(value: T, list: readonly T[]): SQL {
  if (!list.includes(value)) throw new Error('not one of the enumeration');
  return sql.raw(`'${value}'`);
}

/** The rows a view holds, and whether its conditions read the subject (then the query joins subjects). */
function whereOf(
  filters: QueueFilters,
  staffId: string,
  today: Today,
  matches: QueueMatches,
): { where: SQL | undefined; bySubject: boolean } {
  // The search's matches already passed every filter: they are the view.
  const ids = Array.isArray(matches) ? matches : isWindow(matches) ? matches.window : null;
  if (ids) return { where: sql`${requests.id} = any(${idArray(ids)}::uuid[])`, bySubject: false };
  const now = today.now;
  const conditions: (SQL | undefined)[] = [];
  // As "one of [type]", not "= type": the planner then keeps the type in a view's order (readOrder).
  if (filters.type)
    conditions.push(sql`${requests.type} = any(array[${enumLiteral(filters.type, requestTypes)}::request_type])`);
  if (filters.state !== 'open' && filters.state !== 'all') {
    // As "one of [state]", for the order's sake as the type (readOrder).
    conditions.push(sql`${requests.state} = any(array[${enumLiteral(filters.state, requestStates)}::request_state])`);
    // A closed request is neither overdue nor due today: nothing to read.
    if (!isOpenState(filters.state) && (filters.overdue || filters.dueToday)) conditions.push(sql`false`);
  }
  // The planner takes each condition as independent of the others: `is_open` beside an open state,
  // which implies it, made it expect an eighth of the view's rows and sort thousands of them where
  // the state's index gives them in order (bench/queue-views.ts). So a view of one open state says
  // it only for a search, whose first step reads an index of the open requests alone.
  const openOnly = opensOnly(filters);
  const oneOpenState = filters.state !== 'open' && filters.state !== 'all' && isOpenState(filters.state);
  if (openOnly && (!oneOpenState || filters.q)) conditions.push(openRequestSql);
  if (filters.assignee === 'me') conditions.push(eq(requests.assigneeId, staffId));
  else if (filters.assignee === 'none') conditions.push(isNull(requests.assigneeId));
  else if (filters.assignee) conditions.push(eq(requests.assigneeId, filters.assignee));
  if (filters.overdue) {
    conditions.push(sql`${requests.dueAt} < ${now.toISOString()}`);
    if (sortKeys[filters.sort].keys[0] === 'registered') conditions.push(overdueRegisteredBefore(now, filters.type));
  }
  if (filters.dueToday) {
    conditions.push(sql`${requests.dueAt} >= ${now.toISOString()}`, lte(requests.dueAt, today.endOfToday));
  }
  // The subjects the search matched stand for it: the view is their requests.
  if (matches && matches !== 'many' && 'subjectIds' in matches) {
    conditions.push(sql`${requests.subjectId} = any(${idArray(matches.subjectIds)}::uuid[])`);
    return { where: and(...conditions), bySubject: false };
  }
  const q = filters.q;
  const kind = q ? searchKind(q) : null;
  if (q) conditions.push(searchSql(q, openOnly));
  return {
    where: and(...conditions),
    bySubject: kind === 'iin' || (!openOnly && (kind === 'email' || kind === 'nameOrEmail')),
  };
}

/**
 * The columns a view is read in: the order's, then the id (what a cursor holds), led by the view's
 * state and type where it shows one of each. The state and the type being one value each, the rows
 * come in the same order; but only an index led by them gives that order (requests_state_type_due,
 * requests_type_registered…, one for each order), so the planner reads that one range rather than
 * walking the order's index over every state and type and testing each row. An equality to a
 * constant would drop the column from the order (it cannot change it), so whereOf writes each as
 * "one of [value]". Left to choose, the planner took the due-time index for "all states, ACCESS"
 * once the table was stored in registration order, as a table written over years is, and discarded
 * 27 requests of other types for each one shown (bench/RESULTS.md round 16), the due-time index for
 * AWAITING_INFO (880,235 rows thrown away for 51, round 18), and the history's registration order
 * for FORWARDED, one request in two hundred (bench/queue-views.ts: every combination of the
 * filters). In the order by type the type is already the first key. One person's view (assigned to
 * me) needs no column here: the assignee is an equality, and the indexes with it after the state and
 * the type (migration 0040) give the same order within that person's range.
 */
function readOrder(filters: QueueFilters): { cursorColumns: SQLWrapper[]; orderColumns: SQLWrapper[] } {
  const { keys } = sortKeys[filters.sort];
  const cursorColumns = [...keys.map((key) => keyColumn[key]), requests.id];
  const state = filters.state === 'open' || filters.state === 'all' ? [] : [requests.state];
  const type = filters.type && keys[0] !== 'type' ? [requests.type] : [];
  return { cursorColumns, orderColumns: [...state, ...type, ...cursorColumns] };
}

/**
 * The rows past a cursor in a keyset order (greater, or less going the other way): a row
 * comparison, which PostgreSQL answers from the (keys…, id) index directly.
 */
function pastCursor(columns: SQLWrapper[], keys: readonly SortKey[], cursor: QueueCursor, greater: boolean): SQL {
  const values = [...keys.map((key, i) => sql`${cursor.keys[i]}::${keyCast[key]}`), sql`${cursor.id}::uuid`];
  return sql`(${sql.join(columns, sql`, `)}) ${greater ? sql`>` : sql`<`} (${sql.join(values, sql`, `)})`;
}

/** A time column as a cursor carries it. */
const cursorInstant = (column: SQLWrapper) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A search's matches, in the view's order, that a page can hold: the first limit and one, or the
 * limit and one after the cursor's request (before it, going back). The page then reads those, not
 * every match, sorted again with all before the cursor thrown away (thousands, deep in a common
 * name's pages). All of them when the cursor's request is not among them (closed or changed since
 * its page was shown): the cursor's condition then picks the page.
 */
function matchesNear(matches: QueueMatches, cursorId: string | null, backwards: boolean, limit: number): QueueMatches {
  // A window is the page's already (findQueueMatches with the page).
  if (!Array.isArray(matches)) return matches;
  if (cursorId === null) return matches.slice(0, limit + 1);
  const at = matches.indexOf(cursorId);
  if (at < 0) return matches;
  return backwards ? matches.slice(Math.max(0, at - limit - 1), at) : matches.slice(at + 1, at + limit + 2);
}

/**
 * One page of the queue. `after` continues past a page, `before` goes back to the page before one:
 * the same index read the other way (a reversed keyset). Going back past the start gives the first
 * page, whole. `next` and `prev` are the cursors of the pages either side, null where there is none.
 */
export async function findQueuePage(
  db: DbOrTx,
  filters: QueueFilters,
  {
    staffId,
    after,
    before,
    limit = QUEUE_PAGE,
    today,
    matches,
    subjectNames = true,
  }: {
    staffId: string;
    after?: QueueCursor | null;
    before?: QueueCursor | null;
    limit?: number;
    today: Today;
    /** The search's matches, when the caller found them already (findQueueMatches). */
    matches?: QueueMatches;
    /**
     * False: rows without their subject's name (null), and no join to the subjects unless the view's
     * conditions need one: the CSV export without names reads a page in about half the time.
     */
    subjectNames?: boolean;
  },
): Promise<{ rows: QueueRow[]; next: string | null; prev: string | null }> {
  if (matches === undefined) {
    matches = await findQueueMatches(db, filters, { staffId, today, page: { after, before, limit } });
  }
  const { keys, descending } = sortKeys[filters.sort];
  const cursor = after ?? before ?? null;
  const backwards = !after && Boolean(before);
  const { cursorColumns, orderColumns } = readOrder(filters);
  // Forwards in an ascending order, or backwards in a descending one: rows greater than the cursor.
  const greater = descending === backwards;
  const reading = greater ? asc : desc;
  const { where, bySubject } = whereOf(
    filters,
    staffId,
    today,
    matchesNear(matches, cursor?.id ?? null, backwards, limit),
  );
  // The subjects' names are read for the page's rows only, after its limit, unless the view's
  // conditions need the subject: joined inside, a plan that sorts its view (a narrow one, or one it
  // expected narrow) looked up the name of every row it sorted, 11,830 lookups for 51 rows shown
  // (87 of 105 ms, bench/queue-views.ts at a million).
  const nameOutside = subjectNames && !bySubject;
  const base = db
    .select({
      id: requests.id,
      reference: requests.reference,
      type: requests.type,
      state: requests.state,
      registeredAt: requests.registeredAt,
      dueAt: requests.dueAt,
      subjectId: requests.subjectId,
      assigneeId: requests.assigneeId,
      subjectName: (subjectNames && bySubject ? sql<string | null>`${subjects.fullName}` : sql<string | null>`null`).as(
        'subject_name',
      ),
      version: requests.version,
      cursorDueAt: cursorInstant(requests.dueAt).as('cursor_due_at'),
      cursorRegisteredAt: cursorInstant(requests.registeredAt).as('cursor_registered_at'),
    })
    .from(requests)
    .$dynamic();
  const inner = (bySubject ? base.innerJoin(subjects, eq(subjects.id, requests.subjectId)) : base)
    .where(and(where, cursor ? pastCursor(cursorColumns, keys, cursor, greater) : undefined))
    .orderBy(...orderColumns.map((column) => reading(column)))
    // The page size as a literal, not a parameter: a prepared statement's generic plan then knows
    // it reads 51 rows, not an unknown number it guesses at thousands (and plans a parallel scan for).
    .limit(sql.raw(String(Math.trunc(limit) + 1)) as unknown as number)
    .as('page');
  // The assignees joined to the page's rows only: joined inside, a page of searched rows was planned
  // as a nested loop re-reading the staff table for every request it looked at. Nobody's requests
  // have none to join (tested against each of the staff, a page of them read the table once a row).
  const unassigned = filters.assignee === 'none';
  const pageColumns = { due: inner.dueAt, registered: inner.registeredAt, type: inner.type } as const;
  const outer = db
    .select({
      id: inner.id,
      reference: inner.reference,
      type: inner.type,
      state: inner.state,
      registeredAt: inner.registeredAt,
      dueAt: inner.dueAt,
      subjectId: inner.subjectId,
      assigneeId: inner.assigneeId,
      assigneeName: unassigned ? sql<string | null>`null` : users.name,
      assigneeEmail: unassigned ? sql<string | null>`null` : users.email,
      subjectName: nameOutside ? sql<string | null>`${subjects.fullName}` : inner.subjectName,
      version: inner.version,
      cursorDueAt: inner.cursorDueAt,
      cursorRegisteredAt: inner.cursorRegisteredAt,
    })
    .from(inner)
    .$dynamic();
  const withAssignees = unassigned ? outer : outer.leftJoin(users, eq(users.id, inner.assigneeId));
  const rows = await (
    nameOutside ? withAssignees.innerJoin(subjects, eq(subjects.id, inner.subjectId)) : withAssignees
  ).orderBy(...[...keys.map((key) => pageColumns[key]), inner.id].map((column) => reading(column)));
  const more = rows.length > limit;
  const cursorOf = (row: (typeof rows)[number]) =>
    [
      ...keys.map((key) => (key === 'type' ? row.type : key === 'due' ? row.cursorDueAt : row.cursorRegisteredAt)),
      row.id,
    ].join('_');
  if (backwards) {
    // Back at the start: the first page, whole, rather than the few rows left before the cursor.
    // A window held the rows before the cursor: the first page's are found again.
    if (!more) {
      return findQueuePage(db, filters, {
        staffId,
        limit,
        today,
        matches: isWindow(matches) ? undefined : matches,
        subjectNames,
      });
    }
    const page = rows.slice(0, limit).reverse();
    return { rows: page, prev: cursorOf(page[0]!), next: cursorOf(page.at(-1)!) };
  }
  const page = rows.slice(0, limit);
  return {
    rows: page,
    next: more ? cursorOf(page.at(-1)!) : null,
    prev: after && page.length ? cursorOf(page[0]!) : null,
  };
}
/**
 * A subject export's batch names (lib/backoffice/queue-export.ts): its id, and the earlier batches of
 * the same export, whose subjects are not named again.
 */
export type ExportNaming = { batch: string; earlier: string[] };

/** Rows of a page joined into one string: a page of 5,000 comes as 20 strings of about 30 KB. */
const CSV_CHUNK = 250;

/**
 * A page of the queue as its CSV export writes it (lib/backoffice/queue-export.ts): the same view,
 * order and keyset as findQueuePage, forwards only, in the caller's transaction, with the file's
 * lines written by PostgreSQL (csvCellSql: the text csvRows writes) and joined into a few strings
 * of CSV_CHUNK rows. Times are the cursor's microsecond text cut to milliseconds (what a JavaScript
 * Date's toISOString gives), "overdue" is decided by the database for `now`. Nothing is made per
 * row on the server, no object, array or string: read as objects, each page's rows lived through
 * the minor collections that ran while the next page arrived and reached V8's old space, which grew
 * by 20–40 MB an export until a full collection (issue 15, bench/queue-export.ts).
 *
 * With `naming`, the page also names its subjects (Art. 8-2): each subject listed here and in none
 * of the export's earlier batches gets a row in audit_event_subjects under the batch's id, with the
 * request they are listed with first, by the same statement; `named` is what the batch's event
 * records of them (namedSubjectsDigestSql over the rows written), null when the page names nobody
 * new. The caller records the event in the same transaction (recordAuditNaming).
 */
export async function findQueueExportPage(
  tx: Tx,
  filters: QueueFilters,
  {
    staffId,
    after,
    limit,
    today,
    matches,
    naming,
    now,
  }: {
    staffId: string;
    after: QueueCursor | null;
    limit: number;
    today: Today;
    matches: QueueMatches;
    naming: ExportNaming | null;
    now: Date;
  },
): Promise<{ chunks: string[]; rows: number; next: QueueCursor | null; named: NamedSubjects | null }> {
  const { keys, descending } = sortKeys[filters.sort];
  const { cursorColumns, orderColumns } = readOrder(filters);
  const reading = descending ? desc : asc;
  const { where, bySubject } = whereOf(filters, staffId, today, matchesNear(matches, after?.id ?? null, false, limit));
  const time = (column: SQLWrapper) => sql`left(${cursorInstant(column)}, 23) || 'Z'`;
  const cells = [
    csvCellSql(requests.reference),
    ...(naming ? [csvCellSql(subjects.fullName)] : []),
    // An enum's label, a time and a boolean are plain cells by construction.
    sql`${requests.type}::text`,
    sql`${requests.state}::text`,
    time(requests.registeredAt),
    time(requests.dueAt),
    sql`(${openRequestSql} and ${requests.dueAt} < ${now.toISOString()}::timestamptz)::text`,
    csvCellSql(users.email),
  ];
  // A row's cursor: the order's keys as findQueuePage's cursors carry them, and the id.
  const cursor = sql`json_build_array(${sql.join(
    [
      ...keys.map((key) => (key === 'type' ? sql`${requests.type}::text` : cursorInstant(keyColumn[key]))),
      sql`${requests.id}::text`,
    ],
    sql`, `,
  )})::text`;
  // Read in the order's index, never found and then sorted: a page of thousands is more than the
  // planner expects a cursor to leave (a row comparison is estimated at a third of the rows, 521
  // of 12,000), so it read every request after the cursor and sorted them, on every page: at a
  // million requests each of the pages of the open queue read what remained of its 120,000. With
  // sorting priced out for this transaction (a page's own), each page reads its own rows from the
  // order's index and stops.
  await tx.execute(sql`set local enable_sort = off`);
  const base = tx
    .select({
      line: sql<string>`${sql.join(cells, sql` || ',' || `)} || E'\\r\\n'`.as('line'),
      cursor: cursor.as('cursor'),
      subjectId: sql<string>`${requests.subjectId}`.as('subject_id'),
      requestId: sql<string>`${requests.id}`.as('request_id'),
    })
    .from(requests)
    .$dynamic();
  const ordered = (naming || bySubject ? base.innerJoin(subjects, eq(subjects.id, requests.subjectId)) : base)
    .leftJoin(users, eq(users.id, requests.assigneeId))
    .where(and(where, after ? pastCursor(cursorColumns, keys, after, !descending) : undefined))
    .orderBy(...orderColumns.map((column) => reading(column)))
    .limit(sql.raw(String(Math.trunc(limit))) as unknown as number);
  // The rows numbered in the order they come (row_number() over the ordered page), joined a chunk
  // at a time in that order; the last row's cursor is where the next page starts.
  const numbered = sql`(select p.*, row_number() over () as n from (${ordered}) p)`;
  const chunked = (from: SQL) => sql`
    select string_agg(line, '' order by n) as csv, count(*)::int as rows,
           (array_agg(cursor order by n desc))[1] as last
    from ${from} group by (n - 1) / ${sql.raw(String(CSV_CHUNK))} order by min(n)`;
  type Chunk = { csv: string; rows: number; last: string; count?: number; sha256?: string | null };
  const result = naming
    ? await tx.execute<Chunk>(sql`
        with page as materialized ${numbered},
        linked as (
          insert into audit_event_subjects (batch_id, subject_id, request_id)
          select ${naming.batch}::uuid, f.subject_id, f.request_id
          from (select distinct on (subject_id) subject_id, request_id from page order by subject_id, n) f
          where not exists (
            select 1 from audit_event_subjects l
            where l.subject_id = f.subject_id and l.batch_id = any(${idArray(naming.earlier)}::uuid[]))
          returning subject_id, request_id
        ),
        digest as (${namedSubjectsDigestSql(sql`linked`)})
        select c.*, d.count, d.sha256 from (${chunked(sql`page`)}) c, digest d`)
    : await tx.execute<Chunk>(chunked(sql`${numbered} q`));
  const chunks = result.map((chunk) => chunk.csv);
  const rows = result.reduce((sum, chunk) => sum + chunk.rows, 0);
  const last = result.at(-1);
  const lastCursor = last ? (JSON.parse(last.last) as string[]) : [];
  const next = rows === limit && last ? { keys: lastCursor.slice(0, -1), id: lastCursor.at(-1)! } : null;
  const count = Number(result[0]?.count ?? 0);
  const named = naming && count ? { count, sha256: result[0]!.sha256! } : null;
  return { chunks, rows, next, named };
}

export type QueueRow = {
  id: string;
  reference: string;
  type: RequestType;
  state: RequestState;
  registeredAt: Date;
  dueAt: Date;
  subjectId: string;
  assigneeId: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  subjectName: string | null;
  version: number;
  cursorDueAt: string;
  cursorRegisteredAt: string;
};

/**
 * How many requests a view holds, counted up to `cap` (10,000): `more` when there are more, and the
 * page says "more than 10,000". A count reads every row it counts, on every page view: at a million
 * requests (bench/queue.ts) an exact count of the 120,000 open ones took about 70 ms and of all of
 * them about 120 ms on a busy two-core machine, where counting to the cap reads at most 10,001
 * index entries. A real operator's open queue is far below the cap and is counted exactly; a
 * partial search is counted by its matches (findQueueMatches).
 */
export async function countQueue(
  db: DbOrTx,
  filters: QueueFilters,
  {
    staffId,
    today,
    cap = QUEUE_COUNT_CAP,
    matches,
  }: { staffId: string; today: Today; cap?: number; matches?: QueueMatches },
): Promise<{ count: number; more: boolean }> {
  // Asked alone, a search's count is the number its window gives: no match is sorted or sent for it.
  if (matches === undefined) matches = await findQueueMatches(db, filters, { staffId, today, page: {} });
  if (matches === 'many') return { count: searchCap(filters), more: true };
  if (Array.isArray(matches)) return { count: matches.length, more: false };
  if (isWindow(matches)) return { count: matches.total, more: false };
  // Found from the subjects, more than SEARCH_NARROW requests.
  if (matches) return { count: SEARCH_NARROW, more: true };
  // Counted in due order, through the due-time index the view's page reads, up to the cap. The
  // bound that starts a walk in registration order at the overdue (overdueRegisteredBefore) only
  // drew the planner to the registration indexes (overdue and assigned to me at a million: 85 ms,
  // against 8.6 ms through the due-time index). Without an order, while the table's pages are not
  // yet marked all-visible (after a bulk load, until autovacuum has passed), the planner read the
  // table from its start until the cap: cheap where open requests are spread over the table, but a
  // table written over the years keeps them at its end, and such a scan read the closed history
  // first (189 ms at a million, against 7.4 ms in due order; one queue page in eight in round 16's
  // sweep, as PostgreSQL's synchronized scans start each scan where the last one stopped). An open
  // view of one type is left unordered: the type's own index is the planner's choice anyway, and in
  // the type's order it sorted the type's open requests instead (30 ms, against 2-3 ms); over the
  // history, unordered, it read the table from its start (a million: 100,000 rows thrown away for
  // 10,000 counted). A view of one state, with a type or not, is counted in the due order led by
  // them (readOrder), as its page is read: one range of one index.
  const dueOrder = { ...filters, sort: 'due' as const };
  const oneState = filters.state !== 'open' && filters.state !== 'all';
  const { where, bySubject } = whereOf(dueOrder, staffId, today, null);
  const base = db.select({ one: sql`1` }).from(requests);
  const capped = (bySubject ? base.innerJoin(subjects, eq(subjects.id, requests.subjectId)) : base)
    .where(where)
    .orderBy(
      ...(filters.type && !oneState && opensOnly(filters)
        ? []
        : readOrder(dueOrder).orderColumns.map((column) => asc(column))),
    )
    .limit(sql.raw(String(Math.trunc(cap) + 1)) as unknown as number)
    .as('capped');
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(capped);
  const count = row?.count ?? 0;
  return count > cap ? { count: cap, more: true } : { count, more: false };
}
export const QUEUE_COUNT_CAP = 10_000;
