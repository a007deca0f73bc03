'use server';

import { z } from 'zod';
import { id } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { runAction, type Zone } from '@/lib/actions/pipeline';
import { requireStaff, type StaffUser } from '@/lib/auth/session';
import { cancelImport, startImport } from '@/lib/import/runs';

/** The import's own words for a run that is not there or has moved on meanwhile. */
const importZone: Zone<StaffUser> = {
  who: () => requireStaff('import.run'),
  answers: {
    refusals: { notFound: 'importRuns.errors.notFound', stale: 'importRuns.errors.stale' },
    otherwise: 'importRuns.errors.notFound',
    generic: 'backoffice.request.errors.generic',
    fields: {
      fix: 'importRuns.errors.notFound',
      required: 'importRuns.errors.notFound',
      tooLong: 'importRuns.errors.notFound',
      invalid: 'importRuns.errors.notFound',
    },
  },
};

const run = z.object({ runId: id });

/** Starts the import of a checked file (Art. 8-2: the subjects' activity names who started it). */
export async function startImportAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: importZone,
    schema: run,
    work: (tx, { runId }, staff) => startImport(tx, staff, runId),
    page: ({ runId }) => `/admin/import/${runId}`,
    done: (t) => t('importRuns.run.started'),
  });
}

/** Cancels a run that has not finished; its file is deleted at once. */
export async function cancelImportAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: importZone,
    schema: run,
    work: (tx, { runId }) => cancelImport(tx, runId),
    page: ({ runId }) => `/admin/import/${runId}`,
    done: (t) => t('importRuns.run.cancelled'),
  });
}
