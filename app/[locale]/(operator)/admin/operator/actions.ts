'use server';

import { getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { runStaffAction } from '@/lib/backoffice/run-action';
import { saveOperatorProfile } from '@/lib/operator-profile/save';

export async function saveOperatorAction(_state: FormState, data: FormData): Promise<FormState> {
  const t = await getTranslations('operatorProfile');
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const localized = (name: string) => ({ kk: text(`${name}Kk`), ru: text(`${name}Ru`), en: text(`${name}En`) });
  return runStaffAction(
    'inventory.manage',
    (tx, admin) =>
      saveOperatorProfile(tx, admin, {
        name: localized('name'),
        bin: text('bin'),
        address: localized('address'),
        email: text('email'),
        phone: text('phone'),
        website: text('website'),
        responsibleName: text('responsibleName'),
        responsiblePosition: localized('responsiblePosition'),
        responsibleEmail: text('responsibleEmail'),
        responsiblePhone: text('responsiblePhone'),
        storageLocation: localized('storageLocation'),
        storageCountry: text('storageCountry').toUpperCase(),
        autoDestroyExpired: data.get('autoDestroyExpired') === 'on',
      }),
    t('saved'),
    '/admin/operator',
  );
}
