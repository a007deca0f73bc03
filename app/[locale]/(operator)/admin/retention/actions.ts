'use server';

import { getLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { localePath } from '@/i18n/paths';
import { id } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, staffZone } from '@/lib/actions/pipeline';
import { requireStaff } from '@/lib/auth/session';
import { decideDestruction, runRetention } from '@/lib/retention/run';

/**
 * The dpo runs the daily retention check now (it also runs by itself every day). Not through the
 * pipeline: the run is the daily job's, which opens its own transaction on the database.
 */
export async function runRetentionAction(): Promise<FormState> {
  await requireStaff('retention.confirm');
  const [t, locale] = await Promise.all([getTranslations('compliance.retention'), getLocale()]);
  const result = await runRetention(getDb());
  revalidatePath(localePath(locale, '/admin/retention'));
  return { status: 'success', message: t('ran', result) };
}

const decision = z.object({ candidateId: id, decision: z.enum(['destroy', 'keep']), keepReason: z.string() });

export async function decideAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('retention.confirm'),
    schema: decision,
    work: (tx, input, staff) => decideDestruction(tx, staff, input),
    page: () => '/admin/retention',
    done: (t) => t('compliance.retention.done'),
  });
}
