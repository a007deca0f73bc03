import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '@/db';
import { dataCategories, purposes } from '@/db/schema/inventory';
import { dataItemPurposes, dataItems } from '@/db/schema/subjects';
import type { Actor } from '@/lib/audit/record';
import { requestConsentWithdrawal } from '@/lib/consents/withdraw';
import { DomainError } from '@/lib/errors';
import { storeAttachments, type Upload } from '@/lib/files/attachments';
import { fileRequest, type FiledRequest } from './file';
import type { SubjectRequestInput } from './parse-form';

/**
 * A subject files one of the seven requests from the portal. Every id the form sent is checked
 * against the subject's own data inside the transaction: another subject's item, consent or
 * purpose is "not found", exactly as if it did not exist.
 */
export async function fileSubjectRequest(
  tx: Tx,
  input: {
    subjectId: string;
    actor: Actor;
    request: SubjectRequestInput;
    uploads: Upload[];
    idempotencyKey: string | null;
    /** Staff intake of a paper or e-mail request: its channel and real registration time (Art. 10(2)). */
    channel?: 'portal' | 'paper' | 'email';
    registeredAt?: Date;
  },
): Promise<FiledRequest> {
  const { subjectId, request } = input;
  const ownItems = async (ids: string[]) => {
    if (ids.length === 0) return [];
    const rows = await tx
      .select({ id: dataItems.id, categoryId: dataItems.categoryId })
      .from(dataItems)
      .where(and(eq(dataItems.subjectId, subjectId), inArray(dataItems.id, ids), ne(dataItems.state, 'destroyed')));
    if (rows.length !== ids.length) throw new DomainError('notFound');
    return rows;
  };
  const common = {
    subjectId,
    actor: input.actor,
    idempotencyKey: input.idempotencyKey,
    channel: input.channel,
    registeredAt: input.registeredAt,
  };

  let filed: FiledRequest;
  switch (request.type) {
    case 'ACCESS':
      filed = await fileRequest(tx, { ...common, type: 'ACCESS', description: request.description });
      break;
    case 'RECTIFY': {
      const items = await ownItems(request.changes.map((c) => c.itemId));
      const changes: { dataItemId: string | null; categoryId: string; proposedValue: string }[] = request.changes.map(
        (change) => ({
          dataItemId: change.itemId,
          categoryId: items.find((item) => item.id === change.itemId)!.categoryId,
          proposedValue: change.value,
        }),
      );
      if (request.supplement) {
        const [category] = await tx
          .select({ id: dataCategories.id })
          .from(dataCategories)
          .where(eq(dataCategories.id, request.supplement.categoryId));
        if (!category) throw new DomainError('notFound');
        // A supplement is a value for which the operator holds no item yet.
        changes.push({ dataItemId: null, categoryId: category.id, proposedValue: request.supplement.value });
      }
      filed = await fileRequest(tx, { ...common, type: 'RECTIFY', description: request.description, items: changes });
      break;
    }
    case 'BLOCK':
    case 'DESTROY':
    case 'PUBLIC_REMOVE': {
      const items = await ownItems(request.itemIds);
      filed = await fileRequest(tx, {
        ...common,
        type: request.type,
        description: request.description,
        items: items.map((item) => ({ dataItemId: item.id, categoryId: item.categoryId })),
      });
      break;
    }
    case 'WITHDRAW':
      filed = await requestConsentWithdrawal(tx, { ...common, consentId: request.consentId });
      break;
    case 'OBJECT_AUTO': {
      // Only automated processing that actually uses this subject's data can be objected to here.
      const [purpose] = await tx
        .selectDistinct({ id: purposes.id })
        .from(purposes)
        .innerJoin(dataItemPurposes, eq(dataItemPurposes.purposeId, purposes.id))
        .innerJoin(dataItems, eq(dataItems.id, dataItemPurposes.dataItemId))
        .where(
          and(eq(purposes.id, request.purposeId), eq(purposes.isAutomated, true), eq(dataItems.subjectId, subjectId)),
        );
      if (!purpose) throw new DomainError('notFound');
      filed = await fileRequest(tx, {
        ...common,
        type: 'OBJECT_AUTO',
        purposeId: purpose.id,
        description: request.description,
      });
      break;
    }
  }
  if (!filed.duplicate) {
    await storeAttachments(tx, {
      requestId: filed.id,
      subjectId,
      eventId: filed.eventId,
      uploadedById: input.actor.id,
      uploads: input.uploads,
    });
  }
  return filed;
}
