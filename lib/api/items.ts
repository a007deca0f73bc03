import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { dataCategories } from '@/db/schema/inventory';
import { dataItems, subjects } from '@/db/schema/subjects';
import type { AuditInput } from '@/lib/audit/record';
import { translatorFor } from '@/lib/i18n/translator';
import { checkItemCells, type ItemRejection } from '@/lib/import/items-file';
import { writeItemRows, type ItemWrite } from '@/lib/import/items-import';
import { admitCalls, type ApiCaller } from './authenticate';
import { groupCommit, type GroupCommit, type Outcome } from './group-commit';
import { apiActor, apiDetails, apiTransaction } from './handler';
import { ApiProblem, problemBody, type ProblemBody, type ProblemSlug } from './problems';
import type { batchAnswer, itemAnswer, itemsAnswer, itemsBatch, itemWrite } from './schemas';

/**
 * The items a system holds about a subject, written and read through the API with the import's
 * rules and code (lib/import/items-import.ts writeItemRows): matched by (system, subject,
 * category), the system being the token's; a new item is processed for its purposes, a changed
 * value keeps its old one only sealed in the audit event, a destroyed item is never brought back
 * (409 destroyed-item, Art. 1(6)) and a blocked one never changed (409 blocked-item, Art. 1(3)).
 * The subject sees in their activity that their data were supplemented or updated from the
 * system, by the token (Art. 8-2).
 */

type ItemFields = z.output<typeof itemWrite> & { externalId: string; categoryCode: string };
type Audit = (events: Omit<AuditInput, 'actor'>[]) => Promise<void>;

/** Each reason the import gives for a row, as the API's problem and the field it concerns. */
const problemOf: Record<ItemRejection, { slug: ProblemSlug; field?: string }> = {
  externalId: { slug: 'validation', field: 'externalId' },
  category: { slug: 'validation', field: 'categoryCode' },
  system: { slug: 'validation', field: 'system' },
  value: { slug: 'validation', field: 'value' },
  tooLong: { slug: 'validation', field: 'value' },
  source: { slug: 'validation', field: 'source' },
  method: { slug: 'validation', field: 'method' },
  date: { slug: 'validation', field: 'collectedAt' },
  columns: { slug: 'validation' },
  duplicateItem: { slug: 'duplicate-item' },
  unknownSubject: { slug: 'not-found' },
  unknownCategory: { slug: 'unknown-category' },
  unknownSystem: { slug: 'unknown-category' },
  categoryNotInSystem: { slug: 'category-not-in-system' },
  unknownPurpose: { slug: 'unknown-purpose' },
  destroyed: { slug: 'destroyed-item' },
  blocked: { slug: 'blocked-item' },
};

function rejectionProblem(reason: ItemRejection): { slug: ProblemSlug; detail: string; extensions: object } {
  const { slug, field } = problemOf[reason];
  const detail = translatorFor('en')(`import.errors.${reason}`);
  return { slug, detail, extensions: field ? { errors: [{ field, code: reason, detail }] } : {} };
}

/** The fields as the import's cells, checked by its own rules; the system is the token's. */
function toRow(index: number, fields: ItemFields, caller: ApiCaller): ItemWrite | ItemRejection {
  const cells = {
    external_id: fields.externalId,
    category: fields.categoryCode,
    value: fields.value,
    source: fields.source,
    method: fields.method,
    collected_at: fields.collectedAt ?? '',
    system: caller.systemCode,
    purposes: (fields.purposes ?? []).join('|'),
  };
  const row = checkItemCells(cells);
  return typeof row === 'string' ? row : { line: index, row, cells };
}

const outcomeOf = { new: 'created', update: 'updated', same: 'unchanged' } as const;

/** PUT /subjects/{externalId}/items/{categoryCode}, in the call's own transaction. */
export async function putItem(tx: Tx, caller: ApiCaller, fields: ItemFields): Promise<PutAnswer> {
  const [outcome] = await putItems(tx, [{ caller, fields }]);
  if ('error' in outcome!) throw outcome.error;
  return outcome!.ok;
}

type PutAnswer = { status: number; body: z.input<typeof itemAnswer> };
type PutCall = { caller: ApiCaller; fields: ItemFields };

/**
 * Several PUTs of one item each, written together (group commit): all rows in one writeItemRows,
 * whichever tokens sent them (a round of statements a group, not one a token), each row with its
 * token as the actor; an answer (or a problem) a call. The calls name distinct items
 * (groupedPutItem's key).
 */
async function putItems(tx: Tx, calls: PutCall[]): Promise<Outcome<PutAnswer>[]> {
  const outcomes: Outcome<PutAnswer>[] = [];
  const rows: ItemWrite[] = [];
  calls.forEach(({ caller, fields }, index) => {
    const row = toRow(index, fields, caller);
    if (typeof row === 'string') outcomes[index] = { error: rejectionError(row) };
    else rows.push({ ...row, writer: writerOf(caller) });
  });
  if (rows.length === 0) return outcomes;
  for (const result of await writeItemRows(tx, rows, rows[0]!.writer!)) {
    const { fields } = calls[result.line]!;
    outcomes[result.line] =
      result.kind === 'rejected'
        ? { error: rejectionError(result.reason) }
        : {
            ok: {
              status: result.kind === 'new' ? 201 : 200,
              body: {
                itemId: result.itemId,
                externalId: fields.externalId,
                categoryCode: fields.categoryCode,
                outcome: outcomeOf[result.kind],
              },
            },
          };
  }
  return outcomes;
}

function rejectionError(reason: ItemRejection): ApiProblem {
  const { slug, detail, extensions } = rejectionProblem(reason);
  return new ApiProblem(slug, detail, extensions as Record<string, unknown>);
}

/**
 * PUT /subjects/{externalId}/items/{categoryCode} as the server runs it: concurrent calls share a
 * transaction of up to 200 (lib/api/group-commit.ts), so a system writing one item a call from many
 * connections is not held to one transaction's round trips a call, nor to one commit a call on its
 * token's rate-limit row (the tokens checked again and counted here, admitCalls, a statement each
 * for the group). Each call is still checked, counted,
 * audited as its token and answered on its own; the same item twice goes in two groups, in order.
 */
export const groupedPutItem: GroupCommit<PutCall, PutAnswer> = groupCommit({
  maxSize: 200,
  keyOf: ({ caller, fields }) => `${caller.systemId}\u0000${fields.externalId}\u0000${fields.categoryCode}`,
  run: async (tx, calls) => {
    const limited = await admitCalls(
      tx,
      calls.map((c) => c.caller),
    );
    const allowed = calls.filter((_, i) => !limited[i]);
    const written = await putItems(tx, allowed);
    return limited.map((problem) => (problem ? { error: problem } : written.shift()!));
  },
  transaction: apiTransaction,
});

/**
 * POST /items:batch: up to 1,000 writes in one transaction, a result for each in the order given.
 * An item refused (unknown subject, destroyed, blocked…) is answered with its problem and the others
 * are written: the batch commits together, or on a failure of the portal not at all.
 */
export async function writeItemsBatch(
  tx: Tx,
  caller: ApiCaller,
  body: z.output<typeof itemsBatch>,
): Promise<z.input<typeof batchAnswer>> {
  const refused = new Map<number, ItemRejection>();
  const rows: ItemWrite[] = [];
  const seen = new Set<string>();
  body.items.forEach((fields, index) => {
    const row = toRow(index, fields, caller);
    if (typeof row === 'string') return refused.set(index, row);
    const key = `${row.row.externalId}\u0000${row.row.category}`;
    if (seen.has(key)) return refused.set(index, 'duplicateItem');
    seen.add(key);
    rows.push(row);
  });
  const written = rows.length ? await writeItemRows(tx, rows, writerOf(caller)) : [];
  for (const r of written) if (r.kind === 'rejected') refused.set(r.line, r.reason);
  const done = new Map(written.flatMap((r) => (r.kind === 'rejected' ? [] : [[r.line, r] as const])));
  const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  const results = body.items.map((_, index) => {
    const reason = refused.get(index);
    if (reason) {
      counts.refused++;
      const { slug, detail, extensions } = rejectionProblem(reason);
      const problem: ProblemBody = problemBody(slug, detail, extensions as Record<string, unknown>);
      return { index, status: problem.status, problem };
    }
    const r = done.get(index)!;
    const outcome = outcomeOf[r.kind];
    counts[outcome]++;
    return { index, status: r.kind === 'new' ? 201 : 200, outcome, itemId: r.itemId };
  });
  return { results, counts };
}

function writerOf(caller: ApiCaller) {
  return { actor: apiActor(caller), details: apiDetails(caller) };
}

/**
 * GET /subjects/{externalId}/items: what the portal holds from this token's system about the
 * subject. A blocked item is listed with its state and no value (not used, Art. 1(3)); a destroyed
 * one as a tombstone: category, dates, no value (Art. 1(6)). The read is a view the subject sees.
 */
export async function listSubjectItems(
  tx: Tx,
  caller: ApiCaller,
  externalId: string,
  audit: Audit,
): Promise<z.input<typeof itemsAnswer>> {
  const [subject] = await tx.select({ id: subjects.id }).from(subjects).where(eq(subjects.externalId, externalId));
  if (!subject) throw new ApiProblem('not-found', 'No subject has this external id.');
  const rows = await tx
    .select({
      itemId: dataItems.id,
      categoryCode: dataCategories.code,
      state: dataItems.state,
      value: dataItems.value,
      source: dataItems.source,
      method: dataItems.method,
      collectedAt: dataItems.collectedAt,
      updatedAt: dataItems.updatedAt,
      blockedAt: dataItems.blockedAt,
      destroyedAt: dataItems.destroyedAt,
    })
    .from(dataItems)
    .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
    .where(and(eq(dataItems.subjectId, subject.id), eq(dataItems.systemId, caller.systemId)))
    .orderBy(asc(dataCategories.sortOrder), asc(dataCategories.code));
  await audit([
    {
      action: 'data_viewed',
      subjectId: subject.id,
      entityType: 'subject',
      entityId: subject.id,
      details: { system: caller.systemCode, items: rows.length },
    },
  ]);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    externalId,
    items: rows.map((r) => ({
      ...r,
      value: r.state === 'active' ? r.value : null,
      collectedAt: r.collectedAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      blockedAt: iso(r.blockedAt),
      destroyedAt: iso(r.destroyedAt),
    })),
  };
}
