import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db';
import { dataCategories, recipients } from '@/db/schema/inventory';
import { transfers } from '@/db/schema/transfers';
import { dataItems, subjects } from '@/db/schema/subjects';
import { writeTransfer } from '@/lib/transfers/record';
import type { ApiCaller } from './authenticate';
import { apiActor, apiDetails } from './handler';
import { ApiProblem } from './problems';
import type { transferAnswer, transferWrite } from './schemas';

/**
 * POST /transfers: a system records that it gave a subject's data to a recipient (Art. 19,
 * 22(1)(5)), through the same code as staff (lib/transfers/record.ts writeTransfer): blocked data
 * cannot be passed on (409 blocked-item), a transfer abroad needs its Art. 16 ground, and the Art. 19
 * notice to the subject follows from the event as it does for staff.
 */
export async function postTransfer(
  tx: Tx,
  caller: ApiCaller,
  body: z.output<typeof transferWrite>,
): Promise<z.input<typeof transferAnswer>> {
  const [subject] = await tx.select({ id: subjects.id }).from(subjects).where(eq(subjects.externalId, body.externalId));
  if (!subject) throw new ApiProblem('not-found', 'No subject has this external id.');
  const [recipient] = await tx
    .select({ id: recipients.id })
    .from(recipients)
    .where(and(eq(recipients.code, body.recipientCode), isNull(recipients.retiredAt)));
  if (!recipient) throw new ApiProblem('unknown-recipient');
  const codes = [...new Set(body.categoryCodes)];
  const categories = await tx
    .select({ id: dataCategories.id, code: dataCategories.code })
    .from(dataCategories)
    .where(and(inArray(dataCategories.code, codes), isNull(dataCategories.retiredAt)));
  const unknown = codes.filter((code) => !categories.some((c) => c.code === code));
  if (unknown.length) throw new ApiProblem('unknown-category', `Unknown: ${unknown.join(', ')}.`, { codes: unknown });
  const items = await tx
    .select({ id: dataItems.id, categoryId: dataItems.categoryId })
    .from(dataItems)
    .where(
      and(
        eq(dataItems.subjectId, subject.id),
        inArray(
          dataItems.categoryId,
          categories.map((c) => c.id),
        ),
        ne(dataItems.state, 'destroyed'),
      ),
    );
  const missing = categories.filter((c) => !items.some((i) => i.categoryId === c.id)).map((c) => c.code);
  if (missing.length)
    throw new ApiProblem('validation', 'The subject has no data of these categories.', {
      errors: missing.map((code) => ({ field: 'categoryCodes', code: 'noItems', detail: `No item of ${code}.` })),
    });
  const crossBorderBasis = body.crossBorderBasis ?? null;
  const transferId = await writeTransfer(
    tx,
    { actor: apiActor(caller), recordedById: null, details: apiDetails(caller) },
    {
      subjectId: subject.id,
      recipientId: recipient.id,
      transferredAt: new Date(body.transferredAt),
      itemIds: items.map((i) => i.id),
      basis: body.basis,
      crossBorderBasis,
    },
  );
  const [row] = await tx
    .select({ noticeDueAt: transfers.noticeDueAt })
    .from(transfers)
    .where(eq(transfers.id, transferId));
  return { transferId, items: items.length, subjectNotified: row?.noticeDueAt != null };
}
