import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { computeDueAtFor } from '@/lib/deadlines/policy';
import { consents } from '@/db/schema/consents';
import { crossBorderBases, dataCategories, recipients, type CrossBorderBasis } from '@/db/schema/inventory';
import { dataItems, subjects } from '@/db/schema/subjects';
import { transferItems, transfers } from '@/db/schema/transfers';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { recordEvent } from '@/lib/events/record';

type User = Parameters<typeof authorize>[0];

/**
 * The transfers register (Art. 22(1)(5): registration and accounting of transfers to third
 * parties and across the border). Blocked data cannot be passed on (Art. 1(3)); a transfer abroad
 * needs its Art. 16 ground. Where the recipient's transfers are notified and the subject's consent
 * asks for notice (Art. 19(1)), the notice is sent at once and its ten-working-day deadline kept.
 */
export type TransferInput = {
  subjectId: string;
  recipientId: string;
  transferredAt: Date;
  itemIds: string[];
  basis: string;
  crossBorderBasis: string | null;
};

export async function recordTransfer(tx: Tx, user: User, input: TransferInput) {
  const staff = authorize(user, 'transfers.record');
  return writeTransfer(tx, { actor: staff, recordedById: staff.id }, input);
}

/**
 * Who records a transfer: staff (recordTransfer, which checks the permission), or an operator's
 * system through the API with its token (lib/api/transfers.ts checks the scope), whose audit event
 * carries the token's name in `details`.
 */
export type TransferRecorder = { actor: Actor; recordedById: string | null; details?: Record<string, unknown> };

export async function writeTransfer(tx: Tx, by: TransferRecorder, input: TransferInput) {
  const basis = input.basis.trim();
  if (
    !basis ||
    basis.length > 500 ||
    input.itemIds.length === 0 ||
    Number.isNaN(input.transferredAt.getTime()) ||
    input.transferredAt.getTime() > Date.now() + 60_000
  ) {
    throw new DomainError<StaffRefusal>('invalid');
  }
  const [recipient] = await tx.select().from(recipients).where(eq(recipients.id, input.recipientId));
  const [subject] = await tx.select().from(subjects).where(eq(subjects.id, input.subjectId));
  if (!recipient || !subject) throw new DomainError<StaffRefusal>('notFound');
  const abroad = recipient.country !== 'KZ';
  const crossBorderBasis = abroad ? (input.crossBorderBasis ?? recipient.crossBorderBasis) : null;
  if (abroad && !crossBorderBases.includes(crossBorderBasis as CrossBorderBasis))
    throw new DomainError<StaffRefusal>('invalid');

  const items = await tx
    .select({ id: dataItems.id, state: dataItems.state, category: dataCategories.name })
    .from(dataItems)
    .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
    .where(and(eq(dataItems.subjectId, subject.id), inArray(dataItems.id, input.itemIds)));
  if (items.length !== new Set(input.itemIds).size) throw new DomainError<StaffRefusal>('notFound');
  if (items.some((i) => i.state !== 'active')) throw new DomainError<StaffRefusal>('itemBlocked');

  const [asksForNotice] = await tx
    .select({ id: consents.id })
    .from(consents)
    .where(and(eq(consents.subjectId, subject.id), eq(consents.state, 'active'), eq(consents.notifyOnTransfer, true)))
    .limit(1);
  // The notice is due whether or not the subject has an e-mail address: without one it is a letter,
  // sent when staff mark it posted (lib/letters/post.ts).
  const notify = recipient.notifySubject && Boolean(asksForNotice);
  const noticeDueAt = notify ? (await computeDueAtFor(tx, 'TRANSFER_NOTICE', input.transferredAt)).dueAt : null;

  const [transfer] = await tx
    .insert(transfers)
    .values({
      subjectId: subject.id,
      recipientId: recipient.id,
      transferredAt: input.transferredAt,
      basis,
      crossBorderBasis: crossBorderBasis as CrossBorderBasis | null,
      noticeDueAt,
      noticeSentAt: notify && subject.email ? new Date() : null,
      recordedById: by.recordedById,
    })
    .returning({ id: transfers.id });
  await tx.insert(transferItems).values(items.map((item) => ({ transferId: transfer!.id, dataItemId: item.id })));
  await recordAudit(tx, {
    actor: by.actor,
    action: 'data_transferred',
    subjectId: subject.id,
    entityType: 'transfer',
    entityId: transfer!.id,
    reason: basis,
    details: {
      ...by.details,
      recipientName: recipient.name,
      country: recipient.country,
      crossBorderBasis,
      items: items.length,
    },
  });

  const categoryCodes = await tx
    .selectDistinct({ code: dataCategories.code })
    .from(dataItems)
    .innerJoin(dataCategories, eq(dataCategories.id, dataItems.categoryId))
    .where(
      inArray(
        dataItems.id,
        items.map((i) => i.id),
      ),
    );
  // Art. 19: the notice follows from the event, in the subject's language.
  await recordEvent(tx, {
    type: 'transfer.recorded',
    subjectId: subject.id,
    payload: {
      transferId: transfer!.id,
      recipient: { id: recipient.id, country: recipient.country },
      transferredAt: input.transferredAt.toISOString(),
      basis,
      crossBorderBasis: (crossBorderBasis as CrossBorderBasis | null) ?? null,
      categoryCodes: categoryCodes.map((c) => c.code),
      notifySubject: notify,
    },
  });
  return transfer!.id;
}
