'use server';

import { z } from 'zod';
import { getDb } from '@/db';
import { findSubjectsByEmailOrIin } from '@/db/queries/subjects';
import { id, kazakhstanTime } from '@/lib/actions/form-data';
import type { FormState } from '@/lib/actions/form-state';
import { problems, runAction, staffZone } from '@/lib/actions/pipeline';
import { markAuthorityNotified, notifyIncidentSubjects, recordIncident } from '@/lib/incidents/record';

const breach = z.object({
  discoveredAt: kazakhstanTime(),
  description: z.string(),
  measures: z.string(),
  // E-mail addresses or IINs, one per line (commas and semicolons also separate them).
  subjects: z.string().transform((list) =>
    list
      .split(/\s*[\n,;]\s*/)
      .map((entry) => entry.trim())
      .filter(Boolean)
      .slice(0, 10_000),
  ),
});

/** Record a breach; the affected subjects are named by e-mail or IIN, one per line. */
export async function recordIncidentAction(_state: FormState, data: FormData): Promise<FormState> {
  return runAction(data, {
    zone: staffZone('incidents.manage'),
    schema: breach,
    check: async ({ subjects, ...input }) => {
      const found = await findSubjectsByEmailOrIin(getDb(), {
        iins: subjects.filter((entry) => /^\d{12}$/.test(entry)),
        emails: subjects.filter((entry) => entry.includes('@')),
      });
      const missing = subjects.filter(
        (entry) => !found.some((s) => s.iin === entry || s.email?.toLowerCase() === entry.toLowerCase()),
      );
      if (missing.length > 0)
        return problems({ key: 'compliance.incidents.unknownSubjects', values: { list: missing.join(', ') } });
      return { input: { ...input, subjectIds: found.map((s) => s.id) } };
    },
    work: (tx, input, staff) => recordIncident(tx, staff, input),
    done: (_t, incidentId) => ({ redirect: `/admin/incidents/${incidentId}` }),
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
