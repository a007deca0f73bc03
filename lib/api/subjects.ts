import type { z } from 'zod';
import type { Tx } from '@/db';
import { findCandidates, matchRow, type SubjectField } from '@/lib/import/match';
import { applySubjectMatches, lockSubjectWrites } from '@/lib/import/subjects-import';
import type { SubjectRow } from '@/lib/import/subjects-file';
import { translatorFor } from '@/lib/i18n/translator';
import { apiActor, apiDetails } from './handler';
import type { ApiCaller } from './authenticate';
import { ApiProblem } from './problems';
import type { subjectAnswer, subjectWrite } from './schemas';

const fieldOf: Record<SubjectField, z.output<typeof subjectAnswer>['changed'][number]> = {
  externalId: 'externalId',
  fullName: 'fullName',
  iin: 'iin',
  email: 'email',
  phone: 'phone',
  locale: 'language',
};

/**
 * PUT /subjects/{externalId}: the import's matching and writing for one person (lib/import): found
 * by the external id, then the IIN, then the e-mail address; never merged on a guess: keys that
 * point at two people, or contradict the person found, are a conflict (409) for a person to
 * resolve. Under the import's lock, so the two never add the same person twice.
 */
export async function putSubject(
  tx: Tx,
  caller: ApiCaller,
  externalId: string,
  body: z.output<typeof subjectWrite>,
): Promise<{ status: number; body: z.input<typeof subjectAnswer> }> {
  await lockSubjectWrites(tx);
  const row: SubjectRow = {
    external_id: externalId,
    full_name: body.fullName ?? null,
    iin: body.iin ?? null,
    email: body.email ?? null,
    phone: body.phone ?? null,
    language: body.language ?? 'kk',
  };
  const found = await findCandidates(tx, [row]);
  // Left out, the language stays as it is: the file's empty cell means kk, the API's absence does not.
  if (!body.language) {
    const held = found.byExternalId.get(externalId) ?? (row.iin && found.byIin.get(row.iin));
    const byEmail = row.email ? found.byEmail.get(row.email) : undefined;
    row.language = (held || byEmail)?.locale ?? 'kk';
  }
  const match = matchRow(row, found);
  if (match.kind === 'conflict')
    throw new ApiProblem('conflict', translatorFor('en')(`import.conflicts.${match.reason}`), { reason: match.reason });
  await applySubjectMatches(tx, [{ row, match }], {
    source: null,
    actor: apiActor(caller),
    details: apiDetails(caller),
  });
  return match.kind === 'new'
    ? { status: 201, body: { externalId, outcome: 'created', changed: [] } }
    : {
        status: 200,
        body: {
          externalId,
          outcome: match.kind === 'update' ? 'updated' : 'unchanged',
          changed: match.kind === 'update' ? match.changes.map((f) => fieldOf[f]) : [],
        },
      };
}
