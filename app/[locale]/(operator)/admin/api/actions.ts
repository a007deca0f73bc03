'use server';

import { z } from 'zod';
import { id } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { problems, runAction, type Zone } from '@/lib/actions/pipeline';
import { getDb } from '@/db';
import { createApiTokenAsStaff, findTokenRefusal, revokeApiTokenAsStaff, tokenInput } from '@/lib/api/tokens';
import { requireStaff, type StaffUser } from '@/lib/auth/session';

/** The tokens' own words for what the domain refuses (lib/api/tokens.ts TokenRefusal). */
const tokensZone: Zone<StaffUser> = {
  who: () => requireStaff('integrations.manage'),
  answers: {
    refusals: {
      forbidden: 'backoffice.request.errors.forbidden',
      notFound: 'apiAdmin.errors.notFound',
    },
    otherwise: 'apiAdmin.errors.invalid',
    generic: 'backoffice.request.errors.generic',
    fields: {
      fix: 'apiAdmin.errors.invalid',
      required: 'apiAdmin.errors.invalid',
      tooLong: 'apiAdmin.errors.invalid',
      invalid: 'apiAdmin.errors.invalid',
    },
  },
};

/**
 * Makes a token for a system: shown in the answer once (the portal keeps only its SHA-256). A name
 * already taken or a system not in use is said on its field before anything is written.
 */
export async function createTokenAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: tokensZone,
    schema: tokenInput,
    check: async (input) => {
      const refusal = await findTokenRefusal(getDb(), input);
      return refusal
        ? problems({ field: refusal === 'nameTaken' ? 'name' : 'system', key: `apiAdmin.errors.${refusal}` })
        : { input };
    },
    work: (tx, input, staff) => createApiTokenAsStaff(tx, staff, input),
    page: () => '/admin/api',
    done: (t, made) => t('apiAdmin.create.done', { token: made.token }),
  });
}

/** Revokes a token: refused from its next call on. */
export async function revokeTokenAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: tokensZone,
    schema: z.object({ tokenId: id }),
    work: (tx, { tokenId }, staff) => revokeApiTokenAsStaff(tx, staff, tokenId),
    page: () => '/admin/api',
    done: (t) => t('apiAdmin.tokens.revoked'),
  });
}
