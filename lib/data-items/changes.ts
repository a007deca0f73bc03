import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Tx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { users } from '@/db/schema/auth';
import { consentPurposes } from '@/db/schema/consents';
import { dataCategories, purposeCategories, purposes } from '@/db/schema/inventory';
import { attachments, requestItems } from '@/db/schema/requests';
import { dataItemKeys, dataItemPurposes, dataItems, subjects, type DataItem } from '@/db/schema/subjects';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { sealForItem, sealWith, shredItemKey } from '@/lib/crypto/item-keys';
import { scrubDestroyedValue } from '@/lib/data-items/scrub';
import { DomainError } from '@/lib/errors';
import type { StaffRefusal } from '@/lib/errors';
import type { TaskSink } from '@/lib/tasks/pending';

/**
 * What executing a request does to the data itself (PRODUCT.md, "What executing a request does").
 * Each change writes its audit event, which the subject sees in their activity; all of it runs in
 * the caller's transaction with the request's new state.
 */
/**
 * Who acts and on what ground: staff executing a request, or the retention run (the system).
 * `tasks`, given by a request's execution (lib/backoffice/execute.ts), is told what changed, so that
 * every system holding the data is asked to change it too (Art. 25(2)(8), lib/tasks).
 */
export type Why = {
  staff: Actor;
  reference: string;
  tasks?: TaskSink;
  /**
   * The request's items as its execution locked them (FOR UPDATE, with its checks: one statement
   * less, issue 15), by id: a change asking for exactly these uses them instead of locking them
   * again. Each change drops the items it writes, so what is left here is as it was locked.
   */
  locked?: Map<string, DataItem>;
};

/** The subject's identification details that mirror an item of these categories. */
const identityColumns = { full_name: 'fullName', email: 'email', phone: 'phone', iin: 'iin' } as const;

/** The item's category's code, for the RETURNING of the item's update (what syncIdentity needs). */
const categoryCodeSql = sql<string>`(select c.code from data_categories c where c.id = ${dataItems.categoryId})`;

/**
 * Keeps the subject's mirrored detail in step with the item: changed with it, destroyed with it.
 * `categoryCode` is the item's category's, returned by the item's update (one statement less).
 */
async function syncIdentity(tx: Tx, subjectId: string, item: DataItem, value: string | null, categoryCode: string) {
  const column = identityColumns[categoryCode as keyof typeof identityColumns];
  if (!column) return;
  const [subject] = await tx
    .update(subjects)
    .set({ [column]: value, updatedAt: new Date() })
    .where(and(eq(subjects.id, subjectId), eq(subjects[column], item.value!)))
    .returning({ userId: subjects.userId });
  // A corrected address is also the one the subject signs in with from now on, unless another
  // account already uses it (then the subject keeps signing in as before: the account is linked).
  if (column === 'email' && value && subject?.userId) {
    const address = value.toLowerCase();
    await tx
      .update(users)
      .set({ email: address })
      .where(
        and(eq(users.id, subject.userId), sql`not exists (select 1 from users other where other.email = ${address})`),
      );
  }
}

async function subjectItems(tx: Tx, subjectId: string, ids: string[] | null, why?: Why): Promise<DataItem[]> {
  // Already locked by this transaction, and unchanged since (lib/backoffice/execute.ts).
  if (ids && why?.locked && ids.every((id) => why.locked!.has(id))) {
    const unique = [...new Set(ids)];
    const held = unique
      .map((id) => why.locked!.get(id)!)
      .filter((item) => item.subjectId === subjectId && item.state !== 'destroyed');
    if (held.length === unique.length) return held;
  }
  const rows = await tx
    .select()
    .from(dataItems)
    .where(
      and(
        eq(dataItems.subjectId, subjectId),
        ne(dataItems.state, 'destroyed'),
        ids ? inArray(dataItems.id, ids) : undefined,
      ),
    )
    .for('update');
  if (ids && rows.length !== new Set(ids).size) throw new DomainError<StaffRefusal>('notFound');
  return rows;
}

/** RECTIFY: the item takes the new value; the old one survives only sealed in the audit event. */
export async function changeItemValue(tx: Tx, subjectId: string, itemId: string, value: string, why: Why) {
  const [item] = await subjectItems(tx, subjectId, [itemId], why);
  if (item!.state === 'blocked') throw new DomainError<StaffRefusal>('itemBlocked');
  if (item!.value === value) return;
  why.tasks?.note('rectify', [item!]);
  why.locked?.delete(item!.id);
  // The old value's sealing key (made if the item has none) and the update: one statement, built once.
  const [row] = await runPrebuilt<{ key: Buffer | null; categoryCode: string }>(
    tx,
    'changes.rectify',
    (b) => sql`
      with made as (${b
        .insert(dataItemKeys)
        .values({ dataItemId: sql.placeholder('itemId'), key: sql.placeholder('key') })
        .onConflictDoNothing()
        .getSQL()} returning key),
      updated as (${b
        .update(dataItems)
        .set({ value: sql.placeholder('value'), updatedAt: sql.placeholder('updatedAt') } as never)
        .where(eq(dataItems.id, sql.placeholder('itemId')))
        .getSQL()} returning (select c.code from data_categories c where c.id = "data_items"."category_id") as code)
      select (select key from made union all select k.key from data_item_keys k where k.data_item_id = ${sql.placeholder(
        'itemId',
      )}::uuid limit 1) as key, (select code from updated) as "categoryCode"`,
    { itemId: item!.id, key: randomBytes(32), value, updatedAt: new Date() },
  );
  // A key committed by another transaction while this statement waited is outside its snapshot:
  // sealForItem reads it with a statement of its own.
  const sealedOld = row!.key ? sealWith(row!.key, item!.value!) : await sealForItem(tx, item!.id, item!.value!);
  await syncIdentity(tx, subjectId, item!, value, row!.categoryCode);
  await recordAudit(tx, {
    actor: why.staff,
    action: 'data_changed',
    subjectId,
    entityType: 'data_item',
    entityId: item!.id,
    reason: why.reference,
    details: { previousValue: sealedOld },
  });
}

/** RECTIFY, supplement: a new item, serving the purposes that already use its category for this subject. */
export async function supplementItem(tx: Tx, subjectId: string, categoryId: string, value: string, why: Why) {
  const [item] = await tx
    .insert(dataItems)
    .values({ subjectId, categoryId, value, source: 'subject', sourceDetail: why.reference, method: 'manual' })
    .returning({ id: dataItems.id });
  why.tasks?.note('rectify', [{ id: item!.id, categoryId, systemId: null }]);
  const servingPurposes = await tx
    .selectDistinct({ id: purposes.id })
    .from(purposes)
    .innerJoin(
      purposeCategories,
      and(eq(purposeCategories.purposeId, purposes.id), eq(purposeCategories.categoryId, categoryId)),
    )
    .innerJoin(dataItemPurposes, and(eq(dataItemPurposes.purposeId, purposes.id), isNull(dataItemPurposes.endedAt)))
    .innerJoin(dataItems, and(eq(dataItems.id, dataItemPurposes.dataItemId), eq(dataItems.subjectId, subjectId)));
  if (servingPurposes.length > 0) {
    await tx.insert(dataItemPurposes).values(servingPurposes.map((p) => ({ dataItemId: item!.id, purposeId: p.id })));
  }
  const [category] = await tx
    .select({ code: dataCategories.code })
    .from(dataCategories)
    .where(eq(dataCategories.id, categoryId));
  await recordAudit(tx, {
    actor: why.staff,
    action: 'data_supplemented',
    subjectId,
    entityType: 'data_item',
    entityId: item!.id,
    reason: why.reference,
    details: { category: category?.code },
  });
}

/** BLOCK, Art. 1(3): stored, but no longer used, changed, distributed or destroyed. `null` = all the subject's items. */
export async function blockItems(tx: Tx, subjectId: string, itemIds: string[] | null, why: Why) {
  for (const item of await subjectItems(tx, subjectId, itemIds, why)) {
    if (item.state === 'blocked') continue;
    why.tasks?.note('block', [item]);
    why.locked?.delete(item.id);
    await tx.update(dataItems).set({ state: 'blocked', blockedAt: new Date() }).where(eq(dataItems.id, item.id));
    await recordAudit(tx, {
      actor: why.staff,
      action: 'data_blocked',
      subjectId,
      entityType: 'data_item',
      entityId: item.id,
      reason: why.reference,
    });
  }
}

/** Art. 25(2)(8): unblock when the violation is not confirmed. */
export async function unblockItems(tx: Tx, subjectId: string, itemIds: string[] | null, why: Why) {
  for (const item of await subjectItems(tx, subjectId, itemIds, why)) {
    if (item.state !== 'blocked') continue;
    why.tasks?.note('unblock', [item]);
    why.locked?.delete(item.id);
    await tx.update(dataItems).set({ state: 'active', blockedAt: null }).where(eq(dataItems.id, item.id));
    await recordAudit(tx, {
      actor: why.staff,
      action: 'data_unblocked',
      subjectId,
      entityType: 'data_item',
      entityId: item.id,
      reason: why.reference,
    });
  }
}

/**
 * DESTROY, Art. 1(6): the value is gone for good. So are the value's copies: the key that seals its
 * old values in the audit log, the values proposed for it in requests, the documents filed with
 * requests about it, and the value written anywhere in the subject's requests, messages and
 * unsent e-mails (lib/data-items/scrub.ts). A tombstone (category, dates, state) remains.
 */
export async function destroyItems(tx: Tx, subjectId: string, itemIds: string[] | null, why: Why) {
  const now = new Date();
  for (const item of await subjectItems(tx, subjectId, itemIds, why)) {
    why.tasks?.note('destroy', [item]);
    why.locked?.delete(item.id);
    const [destroyed] = await tx
      .update(dataItems)
      .set({ state: 'destroyed', value: null, blockedAt: null, destroyedAt: now, updatedAt: now })
      .where(eq(dataItems.id, item.id))
      .returning({ categoryCode: categoryCodeSql });
    await syncIdentity(tx, subjectId, item, null, destroyed!.categoryCode);
    await tx
      .update(dataItemPurposes)
      .set({ endedAt: now })
      .where(and(eq(dataItemPurposes.dataItemId, item.id), isNull(dataItemPurposes.endedAt)));
    await shredItemKey(tx, item.id);
    await tx.update(requestItems).set({ proposedValue: null }).where(eq(requestItems.dataItemId, item.id));
    if (item.value) await scrubDestroyedValue(tx, subjectId, item.value);
    await tx
      .update(attachments)
      .set({ content: null, erasedAt: now })
      .where(
        and(
          isNull(attachments.erasedAt),
          inArray(
            attachments.requestId,
            tx.select({ id: requestItems.requestId }).from(requestItems).where(eq(requestItems.dataItemId, item.id)),
          ),
        ),
      );
    await recordAudit(tx, {
      actor: why.staff,
      action: 'data_destroyed',
      subjectId,
      entityType: 'data_item',
      entityId: item.id,
      reason: why.reference,
    });
  }
}

/**
 * A purpose no longer applies to some of the subject's items (consent withdrawn, objection upheld,
 * removed from public sources). Items left with no purpose at all are blocked or destroyed, as the
 * purpose's policy says (PRODUCT.md).
 */
/** What stopping processing did: the purposes that stopped, and the items kept because another purpose still needs them. */
export type StoppedProcessing = { purposeIds: string[]; keptItemIds: string[] };

export async function stopProcessing(
  tx: Tx,
  subjectId: string,
  purposeIds: string[],
  itemIds: string[] | null,
  why: Why,
): Promise<StoppedProcessing> {
  const none = { purposeIds: [], keptItemIds: [] };
  if (purposeIds.length === 0) return none;
  const now = new Date();
  const ended = await tx
    .update(dataItemPurposes)
    .set({ endedAt: now })
    .where(
      and(
        inArray(dataItemPurposes.purposeId, purposeIds),
        isNull(dataItemPurposes.endedAt),
        inArray(
          dataItemPurposes.dataItemId,
          tx
            .select({ id: dataItems.id })
            .from(dataItems)
            .where(and(eq(dataItems.subjectId, subjectId), itemIds ? inArray(dataItems.id, itemIds) : undefined)),
        ),
      ),
    )
    .returning({ dataItemId: dataItemPurposes.dataItemId, purposeId: dataItemPurposes.purposeId });
  if (ended.length === 0) return none;
  const purposeRows = await tx
    .select({ id: purposes.id, code: purposes.code, name: purposes.name, effect: purposes.withdrawalEffect })
    .from(purposes)
    .where(inArray(purposes.id, purposeIds));
  for (const purpose of purposeRows) {
    await recordAudit(tx, {
      actor: why.staff,
      action: 'processing_stopped',
      subjectId,
      entityType: 'purpose',
      entityId: purpose.id,
      reason: why.reference,
      details: { purpose: purpose.code, purposeName: purpose.name },
    });
  }
  const orphans = await tx
    .select({ id: dataItems.id })
    .from(dataItems)
    .where(
      and(
        inArray(dataItems.id, [...new Set(ended.map((e) => e.dataItemId))]),
        ne(dataItems.state, 'destroyed'),
        sql`not exists (select 1 from data_item_purposes p where p.data_item_id = ${dataItems.id} and p.ended_at is null)`,
      ),
    );
  const effectOf = (itemId: string) =>
    ended
      .filter((e) => e.dataItemId === itemId)
      .some((e) => purposeRows.find((p) => p.id === e.purposeId)?.effect === 'destroy')
      ? 'destroy'
      : 'block';
  const toDestroy = orphans.filter((o) => effectOf(o.id) === 'destroy').map((o) => o.id);
  const toBlock = orphans.filter((o) => effectOf(o.id) === 'block').map((o) => o.id);
  if (toDestroy.length) await destroyItems(tx, subjectId, toDestroy, why);
  if (toBlock.length) await blockItems(tx, subjectId, toBlock, why);
  const endedItemIds = [...new Set(ended.map((e) => e.dataItemId))];
  const keptItemIds = endedItemIds.filter((id) => !orphans.some((o) => o.id === id));
  // The systems stop the purpose for the items kept on another ground; the others they block or
  // destroy, as noted above.
  if (why.tasks && keptItemIds.length) {
    const kept = await tx
      .select({ id: dataItems.id, categoryId: dataItems.categoryId, systemId: dataItems.systemId })
      .from(dataItems)
      .where(inArray(dataItems.id, keptItemIds));
    for (const purposeId of new Set(ended.map((e) => e.purposeId)))
      why.tasks.note(
        'stop_processing',
        kept.filter((k) => ended.some((e) => e.dataItemId === k.id && e.purposeId === purposeId)),
        purposeId,
      );
  }
  return { purposeIds: [...new Set(ended.map((e) => e.purposeId))], keptItemIds };
}

/**
 * A consent has ended, withdrawn (Art. 8(7)) or past its term (Art. 8(5)): the processing that
 * rested on it stops. The effect is the same however it ended, so both paths call this: the
 * purposes whose ground is consent, and which this consent covered, end for the subject's items,
 * and items left with no purpose are blocked or destroyed as the purpose's policy says.
 */
export async function endProcessingOnConsent(
  tx: Tx,
  consent: { id: string; subjectId: string },
  why: Why,
): Promise<StoppedProcessing> {
  const purposeIds = (
    await tx
      .select({ id: purposes.id })
      .from(consentPurposes)
      .innerJoin(purposes, eq(purposes.id, consentPurposes.purposeId))
      .where(
        and(
          eq(consentPurposes.consentId, consent.id),
          eq(purposes.legalBasis, 'consent'),
          // A purpose another active consent of the subject still covers goes on (Art. 7(1)).
          sql`not exists (select 1 from consent_purposes other_cp join consents other on other.id = other_cp.consent_id
                where other_cp.purpose_id = ${purposes.id} and other.subject_id = ${consent.subjectId}
                  and other.state = 'active' and other.id <> ${consent.id})`,
        ),
      )
  ).map((p) => p.id);
  return stopProcessing(tx, consent.subjectId, purposeIds, null, why);
}
