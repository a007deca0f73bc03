'use server';

import { z } from 'zod';
import { checkbox, localized, localizedFields } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { forgetOperatorProfile } from '@/lib/operator';
import { saveOperatorProfile } from '@/lib/operator-profile/save';

// The form's shape; what each value must be (a BIN with its check digit, an e-mail…) is the domain's rule.
const text = z.string().trim();
const profile = z
  .object({
    ...localizedFields('name'),
    bin: text,
    ...localizedFields('address'),
    email: text,
    phone: text,
    website: text,
    responsibleName: text,
    ...localizedFields('responsiblePosition'),
    responsibleEmail: text,
    responsiblePhone: text,
    ...localizedFields('storageLocation'),
    storageCountry: text.toUpperCase(),
    storageAbroadReason: text.optional(),
    autoDestroyExpired: checkbox,
    showSystemNamesToSubjects: checkbox,
  })
  .transform((form) => ({
    name: localized(form, 'name'),
    bin: form.bin,
    address: localized(form, 'address'),
    email: form.email,
    phone: form.phone,
    website: form.website,
    responsibleName: form.responsibleName,
    responsiblePosition: localized(form, 'responsiblePosition'),
    responsibleEmail: form.responsibleEmail,
    responsiblePhone: form.responsiblePhone,
    storageLocation: localized(form, 'storageLocation'),
    storageCountry: form.storageCountry,
    storageAbroadReason: form.storageAbroadReason ?? '',
    autoDestroyExpired: form.autoDestroyExpired,
    showSystemNamesToSubjects: form.showSystemNamesToSubjects,
  }));

export async function saveOperatorAction(_state: FormState, data: FormData): Promise<FormState> {
  try {
    return await runAction(data, {
      zone: staffZone('inventory.manage'),
      schema: profile,
      work: (tx, input, admin) => saveOperatorProfile(tx, admin, input),
      page: () => '/admin/operator',
      done: (t) => t('operatorProfile.saved'),
    });
  } finally {
    // The page re-rendered after this action shows the new profile without waiting for the NOTIFY.
    forgetOperatorProfile();
  }
}
