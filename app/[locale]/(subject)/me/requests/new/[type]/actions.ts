'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { getDb } from '@/db';
import { findRequestFormOptions } from '@/db/queries/subject-requests';
import { requestTypes, type RequestType } from '@/db/schema/requests';
import { redirect } from '@/i18n/navigation';
import { requireSubject } from '@/lib/auth/session';
import { isDomainError } from '@/lib/errors';
import { readUploads } from '@/lib/files/attachments';
import { isUuid } from '@/lib/ids';
import { parseRequestForm } from '@/lib/requests/types';
import { fileSubjectRequest } from '@/lib/requests/subject-requests';
import { requestLogger } from '@/lib/request-log';

/** File a request: check who asks, read and check the form, file it in one transaction, open it. */
export async function fileRequestAction(_state: FormState, data: FormData): Promise<FormState> {
  const { user, subject } = await requireSubject();
  const [locale, t] = await Promise.all([getLocale(), getTranslations('requests.errors')]);
  const type = String(data.get('type')) as RequestType;
  if (!subject || !requestTypes.includes(type)) return { status: 'error', message: t('notFound') };

  const db = getDb();
  const options = await findRequestFormOptions(db, subject.id);
  const parsed = parseRequestForm(type, data, {
    items: options.items.map((item) => ({ id: item.id, categoryCode: item.categoryCode })),
    categories: options.categories,
  });
  const files = await readUploads(data.getAll('files'));
  const fieldErrors: Record<string, string> = {};
  if ('fieldErrors' in parsed) {
    for (const [field, error] of Object.entries(parsed.fieldErrors))
      fieldErrors[field] = t(error.key, { max: error.max ?? 0 });
  }
  if ('error' in files) fieldErrors.files = t(files.error.code, { name: files.error.name });
  if ('fieldErrors' in parsed || 'error' in files) return { status: 'error', message: t('fixBelow'), fieldErrors };

  let requestId: string;
  try {
    const key = data.get('idempotencyKey');
    const filed = await db.transaction((tx) =>
      fileSubjectRequest(tx, {
        subjectId: subject.id,
        actor: { id: user.id, role: 'subject' },
        request: parsed.input,
        uploads: files.uploads,
        idempotencyKey: isUuid(key) ? key : null,
      }),
    );
    requestId = filed.id;
  } catch (error) {
    if (isDomainError(error)) {
      // A consent that cannot be withdrawn says why; any id that is not the subject's is "not found".
      if (error.code === 'locked' || error.code === 'notActive') {
        return { status: 'error', message: (await getTranslations('consents.errors'))(error.code) };
      }
      return { status: 'error', message: t('notFound') };
    }
    (await requestLogger('action')).error({ err: error }, 'filing a request failed');
    return { status: 'error', message: t('generic') };
  }
  return redirect({ href: `/me/requests/${requestId}?filed=1`, locale });
}
