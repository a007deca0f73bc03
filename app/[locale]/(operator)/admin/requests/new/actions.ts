'use server';

import { z } from 'zod';
import { requestTypes } from '@/db/schema/requests';
import { locales } from '@/db/schema/subjects';
import { id, idempotencyKey, kazakhstanTime, optionalText, uploads } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { checkRequestForm } from '@/lib/actions/request-form';
import { intakeNeedsScan, registerIntake } from '@/lib/backoffice/intake';
import {
  checkIntakeRepresentative,
  intakeRepresentative,
  intakeRepresentativeFields,
} from '@/lib/requests/representative-form';

const YEAR_MS = 366 * 86_400_000;

const intake = z
  .object({
    subjectId: id,
    type: z.enum(requestTypes, { error: 'backoffice.intake.errors.type' }),
    channel: z.enum(['paper', 'email']),
    // Not in the future (a minute's clock drift aside), and within the last year.
    receivedAt: kazakhstanTime('backoffice.intake.errors.date').refine(
      (date) => date.getTime() <= Date.now() + 60_000 && Date.now() - date.getTime() <= YEAR_MS,
      { error: 'backoffice.intake.errors.date' },
    ),
    // Required for paper only (below): a request by e-mail is itself the electronic document.
    files: uploads,
    idempotencyKey,
    // Only for a subject without e-mail: where letters go (lib/backoffice/intake.ts requires it then).
    postalAddress: optionalText.pipe(z.string().max(500).nullable()).optional(),
    // Sent only for a subject without e-mail; a form without it reads as empty.
    letterLocale: z.enum(['', ...locales]).transform((value) => value || undefined),
    // Art. 10(2), 24: a parent, guardian or holder of a power of attorney who filed it on paper.
    ...intakeRepresentativeFields,
  })
  .superRefine(checkIntakeRepresentative)
  .superRefine(({ channel, files }, context) => {
    if (intakeNeedsScan(channel) && files.length === 0)
      context.addIssue({ code: 'custom', path: ['files'], message: 'backoffice.intake.errors.scan' });
  });

/** Art. 10(2): register a request received on paper (with its scan) or by e-mail, with its real date. */
export async function registerIntakeAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('requests.intake'),
    schema: intake,
    check: (input, _staff, form) => checkRequestForm(input, form, input.subjectId),
    work: (
      tx,
      { subjectId, request, channel, receivedAt, files, idempotencyKey, postalAddress, letterLocale, ...rest },
      staff,
    ) =>
      registerIntake(tx, staff, {
        subjectId,
        request,
        channel,
        registeredAt: receivedAt,
        uploads: files,
        idempotencyKey,
        representative: intakeRepresentative(rest),
        letters: letterLocale ? { postalAddress: postalAddress ?? null, locale: letterLocale } : undefined,
      }),
    done: (_t, filed) => ({ redirect: `/admin/requests/${filed.id}` }),
  });
}
