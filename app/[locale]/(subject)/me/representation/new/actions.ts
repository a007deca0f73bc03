'use server';

import { getLocale } from 'next-intl/server';
import { z } from 'zod';
import type { Locale } from '@/db/schema/subjects';
import { idempotencyKey, optionalText, uploads } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { accountZone, problems, runAction } from '@/lib/actions/pipeline';
import { limits } from '@/lib/rate-limit';
import { fileOnBehalf } from '@/lib/requests/on-behalf';
import { iin, personName, relationship } from '@/lib/requests/representative-form';
import { MAX_TEXT_LENGTH } from '@/lib/requests/values';

const onBehalf = z.object({
  representativeName: personName,
  fullName: personName,
  iin,
  relationship,
  description: optionalText.pipe(z.string().max(MAX_TEXT_LENGTH).nullable()),
  files: uploads.refine((files) => files.length > 0, { error: 'representatives.errors.document' }),
  idempotencyKey,
});

/**
 * Art. 24, 10(2): a signed-in person asks, as a parent, guardian or holder of a power of attorney,
 * what the operator holds about the person they represent, with the document that shows it.
 */
export async function fileOnBehalfAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: accountZone(),
    schema: onBehalf,
    check: async (input, { subject }) =>
      subject?.iin && input.iin === subject.iin
        ? problems({ field: 'iin', key: 'representatives.errors.ownIin' })
        : { input },
    limit: ({ user, subject }) => [limits.filingPerSubject, subject?.id ?? user.id],
    work: async (tx, input, account) =>
      fileOnBehalf(tx, {
        account: { ...account, locale: (await getLocale()) as Locale },
        representativeName: input.representativeName,
        represented: { fullName: input.fullName, iin: input.iin },
        relationship: input.relationship,
        description: input.description,
        uploads: input.files,
        idempotencyKey: input.idempotencyKey,
      }),
    done: (_t, filed) => ({ redirect: `/me/representation/${filed.id}?filed=1` }),
  });
}
