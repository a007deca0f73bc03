'use server';

import { z } from 'zod';
import { getDb } from '@/db';
import { findSubjectsByEmailOrIin } from '@/db/queries/subjects';
import { id, kazakhstanTime } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { problems, runAction, staffZone } from '@/lib/actions/pipeline';
import {
  addIncidentSubjects,
  markAuthorityNotified,
  notifyIncidentSubjects,
  recordIncident,
} from '@/lib/incidents/record';

// E-mail addresses or IINs, one per line (commas and semicolons also separate them); may be empty.
const subjectList = z
  .string()
  .optional()
  .transform((list) =>
    (list ?? '')
      .split(/\s*[\n,;]\s*/)
      .map((entry) => entry.trim())
      .filter(Boolean)
      .slice(0, 10_000),
  );

// The Kazakh text in `description`/`measures`, the Russian in `…Ru`: the two notices' languages.
const breach = z.object({
  discoveredAt: kazakhstanTime(),
  description: z.string(),
  descriptionRu: z.string(),
  measures: z.string(),
  measuresRu: z.string(),
  subjects: subjectList,
});

/** The subjects named by e-mail or IIN, or the list of those not found. */
async function findNamedSubjects(list: string[]) {
  const found = await findSubjectsByEmailOrIin(getDb(), {
    iins: list.filter((entry) => /^\d{12}$/.test(entry)),
    emails: list.filter((entry) => entry.includes('@')),
  });
  const missing = list.filter(
    (entry) => !found.some((s) => s.iin === entry || s.email?.toLowerCase() === entry.toLowerCase()),
  );
  if (missing.length > 0)
    return problems({ key: 'compliance.incidents.unknownSubjects', values: { list: missing.join(', ') } });
  return { ids: found.map((s) => s.id) };
}

/** Record a breach; the affected subjects, when already known, are named by e-mail or IIN. */
export async function recordIncidentAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('incidents.manage'),
    schema: breach,
    check: async ({ subjects, description, descriptionRu, measures, measuresRu, discoveredAt }) => {
      const named = await findNamedSubjects(subjects);
      if (!('ids' in named)) return named;
      return {
        input: {
          discoveredAt,
          description: { kk: description, ru: descriptionRu },
          measures: { kk: measures, ru: measuresRu },
          subjectIds: named.ids,
        },
      };
    },
    work: (tx, input, staff) => recordIncident(tx, staff, input),
    done: (_t, incidentId) => ({ redirect: `/admin/incidents/${incidentId}` }),
  });
}

/** Subjects identified after the breach was recorded. */
export async function addIncidentSubjectsAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('incidents.manage'),
    schema: z.object({ incidentId: id, subjects: subjectList }),
    check: async ({ incidentId, subjects }) => {
      const named = await findNamedSubjects(subjects);
      if (!('ids' in named)) return named;
      return { input: { incidentId, subjectIds: named.ids } };
    },
    work: (tx, input, staff) => addIncidentSubjects(tx, staff, input),
    page: ({ incidentId }) => `/admin/incidents/${incidentId}`,
    done: (t) => t('compliance.incidents.done'),
  });
}

const incident = z.object({ incidentId: id });
const page = ({ incidentId }: { incidentId: string }) => `/admin/incidents/${incidentId}`;

export async function markNotifiedAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('incidents.manage'),
    schema: incident,
    work: (tx, input, staff) => markAuthorityNotified(tx, staff, input),
    page,
    done: (t) => t('compliance.incidents.done'),
  });
}

export async function notifySubjectsAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('incidents.manage'),
    schema: incident,
    work: (tx, input, staff) => notifyIncidentSubjects(tx, staff, input),
    page,
    done: (t) => t('compliance.incidents.done'),
  });
}
