import { actorRoles, auditActions } from '@/db/schema/audit';
import { factorKinds } from '@/db/schema/auth';
import { calendarDayKinds } from '@/db/schema/calendar';
import { consentChannels, consentStates } from '@/db/schema/consents';
import { crossBorderBases, legalBasisKinds, retentionEvents } from '@/db/schema/inventory';
import { taskActions, taskStates } from '@/db/schema/integrations';
import { requestEventKinds, requestStates, requestTypes } from '@/db/schema/requests';
import { dataItemStates, dataSources, locales } from '@/db/schema/subjects';

/** Every code the database stores, as it would show if a page printed it instead of its message. */
const codes = new Set<string>([
  ...actorRoles,
  ...auditActions,
  ...factorKinds,
  ...calendarDayKinds,
  ...consentChannels,
  ...consentStates,
  ...legalBasisKinds,
  ...retentionEvents,
  ...crossBorderBases,
  ...requestEventKinds,
  ...requestStates,
  ...requestTypes,
  ...taskActions,
  ...taskStates,
  ...dataItemStates,
  ...dataSources,
  ...locales,
]);

/**
 * [LANGUAGE] The Latin words of a Kazakh or Russian page that are a stored code. E-mail addresses
 * and the staff's names are left out (other tests' staff, "E2E agent", appear in lists).
 */
export function rawCodes(text: string, staffNames: string[]): string[] {
  const withoutNames = staffNames.reduce((rest, name) => rest.split(name).join(' '), text);
  const words = withoutNames.replace(/\S+@\S+/g, ' ').match(/[A-Za-z][\w-]*/g) ?? [];
  return [...new Set(words.filter((w) => codes.has(w)))];
}
