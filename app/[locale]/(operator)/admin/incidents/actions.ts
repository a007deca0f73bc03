'use server';

import { inArray, or } from 'drizzle-orm';
import { getLocale, getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { getDb } from '@/db';
import { subjects } from '@/db/schema/subjects';
import { redirect } from '@/i18n/navigation';
import { requireStaff } from '@/lib/auth/session';
import { runStaffAction } from '@/lib/backoffice/run-action';
import { isDomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { markAuthorityNotified, notifyIncidentSubjects, recordIncident } from '@/lib/incidents/record';
import { requestLogger } from '@/lib/request-log';

/** Record a breach; the affected subjects are named by e-mail or IIN, one per line. */
export async function recordIncidentAction(_state: FormState, data: FormData): Promise<FormState> {
  const staff = await requireStaff('incidents.manage');
  const [locale, t, te] = await Promise.all([
    getLocale(),
    getTranslations('compliance.incidents'),
    getTranslations('backoffice.request.errors'),
  ]);
  const wanted = String(data.get('subjects') ?? '')
    .split(/\s*[\n,;]\s*/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 10_000);
  const iins = wanted.filter((w) => /^\d{12}$/.test(w));
  const emails = wanted.filter((w) => w.includes('@'));
  const found = wanted.length
    ? await getDb()
        .select({ id: subjects.id, email: subjects.email, iin: subjects.iin })
        .from(subjects)
        .where(
          or(
            iins.length ? inArray(subjects.iin, iins) : undefined,
            emails.length ? inArray(subjects.email, emails) : undefined,
          ),
        )
    : [];
  const missing = wanted.filter((w) => !found.some((s) => s.iin === w || s.email?.toLowerCase() === w.toLowerCase()));
  if (missing.length > 0) return { status: 'error', message: t('unknownSubjects', { list: missing.join(', ') }) };
  const when = String(data.get('discoveredAt') ?? '');
  let id: string;
  try {
    id = await getDb().transaction((tx) =>
      recordIncident(tx, staff, {
        discoveredAt: new Date(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(when) ? `${when}:00+05:00` : 'invalid'),
        description: String(data.get('description') ?? ''),
        measures: String(data.get('measures') ?? ''),
        subjectIds: found.map((s) => s.id),
      }),
    );
  } catch (error) {
    if (isDomainError(error))
      return { status: 'error', message: te(error.code === 'notFound' ? 'notFound' : 'invalid') };
    (await requestLogger('action')).error({ err: error }, 'recording an incident failed');
    return { status: 'error', message: te('generic') };
  }
  return redirect({ href: `/admin/incidents/${id}`, locale });
}

export async function markNotifiedAction(_state: FormState, data: FormData): Promise<FormState> {
  const id = data.get('incidentId');
  const incidentId = isUuid(id) ? id : '00000000-0000-0000-0000-000000000000';
  return runStaffAction(
    'incidents.manage',
    (tx, staff) => markAuthorityNotified(tx, staff, { incidentId }),
    (await getTranslations('compliance.incidents'))('done'),
    `/admin/incidents/${incidentId}`,
  );
}

export async function notifySubjectsAction(_state: FormState, data: FormData): Promise<FormState> {
  const id = data.get('incidentId');
  const incidentId = isUuid(id) ? id : '00000000-0000-0000-0000-000000000000';
  return runStaffAction(
    'incidents.manage',
    (tx, staff) => notifyIncidentSubjects(tx, staff, { incidentId }),
    (await getTranslations('compliance.incidents'))('done'),
    `/admin/incidents/${incidentId}`,
  );
}
