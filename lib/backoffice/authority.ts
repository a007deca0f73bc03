import type { Tx } from '@/db';
import { authorize } from '@/lib/auth/authorize';
import { decideAuthority } from '@/lib/requests/representatives';
import { addEvent, auditRequestUpdate, lockRequest, updateRequest } from './request-state';

type User = Parameters<typeof authorize>[0];

/**
 * Art. 10(2), 24: staff read the representative's document (birth certificate, guardianship decision,
 * power of attorney) and confirm it shows they may act for the subject; only then can the request be
 * decided. The opposite verdict is a reasoned refusal ('authority_not_confirmed', lib/backoffice/execute.ts).
 */
export async function confirmAuthority(tx: Tx, user: User, input: { requestId: string; version: number }) {
  const staff = authorize(user, 'requests.work');
  const request = await lockRequest(tx, input.requestId, input.version);
  await decideAuthority(tx, request, 'confirmed', staff.id);
  await updateRequest(tx, request, {});
  await addEvent(tx, request, staff, { kind: 'note', visibility: 'internal', details: { authority: 'confirmed' } });
  await auditRequestUpdate(tx, request, staff, { authority: 'confirmed' });
}
