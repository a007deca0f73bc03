import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { purposeObjections } from '@/db/schema/requests';
import { dataItemPurposes, dataItems } from '@/db/schema/subjects';
import { purposes } from '@/db/schema/inventory';
import { stopProcessing } from '@/lib/data-items/changes';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { fileRequest } from '@/lib/requests/file';
import { defineRequestType } from './definition';
import { description } from './form';

/**
 * OBJECT_AUTO, Art. 19-1: object to a decision made by automated processing of my data. Upholding
 * the objection stops that processing; rejecting it is a reasoned refusal.
 */
export const objectAuto = defineRequestType({
  type: 'OBJECT_AUTO',
  slug: 'object-auto',
  articles: 'Art. 19-1',
  deadline: 'OBJECT_AUTO',
  scope: 'purpose',
  showsProposedValues: false,
  fields: [{ kind: 'automatedPurpose' }, { kind: 'text', label: 'objection', required: false }],
  schema: () => z.object({ purposeId: z.uuid('pickPurpose'), description: description(false) }),
  async file({ tx, subjectId, common }, input) {
    // Only automated processing that actually uses this subject's data can be objected to here.
    const [purpose] = await tx
      .selectDistinct({ id: purposes.id })
      .from(purposes)
      .innerJoin(dataItemPurposes, eq(dataItemPurposes.purposeId, purposes.id))
      .innerJoin(dataItems, eq(dataItems.id, dataItemPurposes.dataItemId))
      .where(and(eq(purposes.id, input.purposeId), eq(purposes.isAutomated, true), eq(dataItems.subjectId, subjectId)));
    if (!purpose) throw new DomainError('notFound');
    return fileRequest(tx, { ...common, type: 'OBJECT_AUTO', purposeId: purpose.id, description: input.description });
  },
  panel: () => ({ help: 'OBJECT_AUTO', outcomeRequired: true, buttons: [{ decision: 'uphold', label: 'uphold' }] }),
  async execute({ tx, request, why, complete }) {
    if (!request.purposeId) throw new DomainError<StaffRefusal>('invalid');
    await stopProcessing(tx, request.subjectId, [request.purposeId], null, why);
    // Kept so that My data and the consents page say the objection was upheld, and when.
    await tx
      .insert(purposeObjections)
      .values({ subjectId: request.subjectId, purposeId: request.purposeId, requestId: request.id })
      .onConflictDoUpdate({
        target: [purposeObjections.subjectId, purposeObjections.purposeId],
        set: { requestId: request.id, upheldAt: new Date() },
      });
    await complete();
  },
});
