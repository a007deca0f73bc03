import type { DbOrTx } from '@/db';
import { listSubjectConsents, type ConsentReport } from '@/db/queries/consents';
import { findRequestFormOptions } from '@/db/queries/subject-requests';
import type { Holdings } from './types';

type FormOptions = Awaited<ReturnType<typeof findRequestFormOptions>>;

/**
 * What the request forms may offer a signed-in person, and what they hold (lib/requests/types,
 * `whyNotOffered`). Someone the operator holds no record of has nothing: they may still ask for
 * the operator's formal answer (ACCESS), which makes them a subject record when filed.
 */
export async function findRequestOffer(
  db: DbOrTx,
  subjectId: string | null,
): Promise<{ options: FormOptions; consents: ConsentReport[]; held: Holdings }> {
  if (!subjectId)
    return {
      options: { items: [], categories: [], automated: [] },
      consents: [],
      held: { items: 0, withdrawableConsents: 0, automatedPurposes: 0 },
    };
  const [options, consents] = await Promise.all([
    findRequestFormOptions(db, subjectId),
    listSubjectConsents(db, subjectId),
  ]);
  return {
    options,
    consents,
    held: {
      items: options.items.length,
      // As the WITHDRAW form offers them: active, with no Art. 8(2) lock and no withdrawal under way.
      withdrawableConsents: consents.filter((c) => c.state === 'active' && !c.withdrawalLock && !c.pendingWithdrawal)
        .length,
      automatedPurposes: options.automated.length,
    },
  };
}
