import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { dataCategories } from '@/db/schema/inventory';
import { requestItems, requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import type { AuditInput } from '@/lib/audit/record';
import { isUuid } from '@/lib/ids';
import { ApiProblem } from './problems';
import type { requestAnswer, requestsAnswer, requestsQuery } from './schemas';

/**
 * GET /requests and /requests/{reference}: the subjects' requests, for a system that follows them.
 * Paged by (updated_at, id), the id breaking ties, so a system syncing with `updatedSince` walks
 * every change once even when many share a timestamp. The cursor carries the last row's exact
 * timestamp as PostgreSQL prints it (microseconds; a JavaScript date would round them away).
 * Each page is a view of its subjects' requests, recorded for each subject (Art. 8-2).
 */
type Audit = (events: Omit<AuditInput, 'actor'>[]) => Promise<void>;

const columns = {
  id: requests.id,
  subjectId: requests.subjectId,
  reference: requests.reference,
  type: requests.type,
  state: requests.state,
  externalId: subjects.externalId,
  registeredAt: requests.registeredAt,
  dueAt: requests.dueAt,
  completedAt: requests.completedAt,
  updatedAt: requests.updatedAt,
  cursorAt: sql<string>`${requests.updatedAt}::text`,
};
type Row = { [K in keyof typeof columns]: unknown } & {
  id: string;
  subjectId: string;
  reference: string;
  updatedAt: Date;
  registeredAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  cursorAt: string;
};

function summary(r: Row) {
  return {
    reference: r.reference,
    type: r.type,
    state: r.state,
    externalId: r.externalId,
    registeredAt: r.registeredAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  } as z.input<typeof requestAnswer>;
}

// timestamptz::text in UTC: 2026-01-15 09:30:00.123456+00
const PG_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const encodeCursor = (r: Row) => Buffer.from(JSON.stringify([r.cursorAt, r.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && PG_TIME.test(at) && isUuid(id)) return [at, id];
  } catch {
    // Not one of ours: answered below.
  }
  throw new ApiProblem('validation', 'The cursor is not one this API gave.', {
    errors: [{ field: 'cursor', code: 'invalid', detail: "Use the previous page's nextCursor as it is." }],
  });
}

function viewsOf(rows: Row[]): Omit<AuditInput, 'actor'>[] {
  return rows.map((r) => ({
    action: 'data_viewed',
    subjectId: r.subjectId,
    entityType: 'request',
    entityId: r.id,
    reason: r.reference,
  }));
}

export async function listRequests(
  tx: Tx,
  query: z.output<typeof requestsQuery>,
  audit: Audit,
): Promise<z.input<typeof requestsAnswer>> {
  const filters: (SQL | undefined)[] = [
    query.type ? eq(requests.type, query.type) : undefined,
    query.state ? eq(requests.state, query.state) : undefined,
    query.updatedSince
      ? sql`${requests.updatedAt} >= ${new Date(query.updatedSince).toISOString()}::timestamptz`
      : undefined,
  ];
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    filters.push(
      or(
        sql`${requests.updatedAt} > ${at}::timestamptz`,
        and(sql`${requests.updatedAt} = ${at}::timestamptz`, gt(requests.id, id)),
      ),
    );
  }
  const rows = (await tx
    .select(columns)
    .from(requests)
    .innerJoin(subjects, eq(subjects.id, requests.subjectId))
    .where(and(...filters))
    .orderBy(asc(requests.updatedAt), asc(requests.id))
    .limit(query.limit + 1)) as Row[];
  const page = rows.slice(0, query.limit);
  await audit(viewsOf(page));
  return {
    data: page.map(summary),
    nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!) : null,
  };
}

export async function findRequest(tx: Tx, reference: string, audit: Audit): Promise<z.input<typeof requestAnswer>> {
  const [row] = (await tx
    .select(columns)
    .from(requests)
    .innerJoin(subjects, eq(subjects.id, requests.subjectId))
    .where(eq(requests.reference, reference))) as Row[];
  if (!row) throw new ApiProblem('not-found', 'No request has this reference.');
  const items = await tx
    .select({ itemId: requestItems.dataItemId, categoryCode: dataCategories.code })
    .from(requestItems)
    .innerJoin(dataCategories, eq(dataCategories.id, requestItems.categoryId))
    .where(eq(requestItems.requestId, row.id))
    .orderBy(asc(dataCategories.sortOrder));
  await audit(viewsOf([row]));
  return { ...summary(row), items };
}
