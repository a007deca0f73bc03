'use server';

import { z } from 'zod';
import { id, optionalText } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { problems, runAction, staffZone } from '@/lib/actions/pipeline';
import {
  createWebhookEndpoint,
  endpointUrlProblem,
  redeliverWebhook,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
} from '@/lib/webhooks/endpoints';
import { newEndpointSecret } from '@/lib/webhooks/secrets';

/**
 * The admin's webhook endpoints (integrations.manage; lib/webhooks/endpoints.ts checks it again).
 * A new or rotated secret is made here, before the transaction, and handed back to the form once:
 * it is stored only sealed and never shown again.
 */
export type SecretFormState = FormState & { secret?: string };

const endpointFields = {
  url: z.string().trim().max(2000),
  description: optionalText.pipe(z.string().max(500).nullable()),
  eventTypes: z.array(z.string()),
};

/** The address and the chosen events, with the words for what is wrong (the form shows the first). */
function checkEndpoint<Input extends { url: string; eventTypes: string[] }>(input: Input) {
  const problem = endpointUrlProblem(input.url);
  if (problem) return Promise.resolve(problems({ key: `backoffice.webhooks.errors.${problem}` }));
  if (input.eventTypes.length === 0) return Promise.resolve(problems({ key: 'backoffice.webhooks.errors.noEvents' }));
  return Promise.resolve({ input });
}

export async function createEndpointAction(_state: SecretFormState, data: FormData): Promise<SecretFormState> {
  const secret = newEndpointSecret();
  const state = await runAction(data, {
    zone: staffZone('integrations.manage'),
    schema: z.object({ systemId: id, ...endpointFields }),
    check: checkEndpoint,
    work: (tx, input, admin) => createWebhookEndpoint(tx, admin, { ...input, secret }),
    page: () => '/admin/webhooks',
    done: (t) => t('backoffice.webhooks.created'),
  });
  return state.status === 'success' ? { ...state, secret } : state;
}

export async function updateEndpointAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('integrations.manage'),
    schema: z.object({ endpointId: id, ...endpointFields }),
    check: checkEndpoint,
    work: (tx, input, admin) => updateWebhookEndpoint(tx, admin, input),
    page: ({ endpointId }) => `/admin/webhooks/${endpointId}`,
    done: (t) => t('backoffice.webhooks.saved'),
  });
}

export async function rotateSecretAction(_state: SecretFormState, data: FormData): Promise<SecretFormState> {
  const secret = newEndpointSecret();
  const state = await runAction(data, {
    zone: staffZone('integrations.manage'),
    schema: z.object({ endpointId: id, revokeOld: z.enum(['on', '']) }),
    work: (tx, { endpointId, revokeOld }, admin) =>
      rotateWebhookSecret(tx, admin, { endpointId, secret, revokeOld: revokeOld === 'on' }),
    page: ({ endpointId }) => `/admin/webhooks/${endpointId}`,
    done: (t) => t('backoffice.webhooks.rotated'),
  });
  return state.status === 'success' ? { ...state, secret } : state;
}

export async function setEndpointEnabledAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('integrations.manage'),
    schema: z.object({ endpointId: id, enabled: z.enum(['0', '1']).transform((value) => value === '1') }),
    work: (tx, input, admin) => setWebhookEndpointEnabled(tx, admin, input),
    page: ({ endpointId }) => `/admin/webhooks/${endpointId}`,
    done: (t) => t('backoffice.webhooks.saved'),
  });
}

export async function redeliverAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('integrations.manage'),
    schema: z.object({ endpointId: id, deliveryId: z.coerce.number().int().positive() }),
    work: (tx, input, admin) => redeliverWebhook(tx, admin, input),
    page: ({ endpointId }) => `/admin/webhooks/${endpointId}`,
    done: (t) => t('backoffice.webhooks.redelivered'),
  });
}
