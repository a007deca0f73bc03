'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import { revalidatePath } from 'next/cache';
import type { FormState } from '@/lib/actions/form-state';
import { getDb } from '@/db';
import { requireSubject } from '@/lib/auth/session';
import { isDomainError } from '@/lib/errors';
import { readUploads } from '@/lib/files/attachments';
import { isUuid } from '@/lib/ids';
import type { SubjectActionRefusal } from '@/lib/errors';
import { cancelOwnRequest, postSubjectMessage } from '@/lib/requests/subject-actions';
import { MAX_TEXT_LENGTH } from '@/lib/requests/values';
import { localePath } from '@/i18n/paths';
import { requestLogger } from '@/lib/request-log';

async function failure(
  error: unknown,
  t: Awaited<ReturnType<typeof getTranslations<'requests.errors'>>>,
): Promise<FormState> {
  if (isDomainError(error)) return { status: 'error', message: t(error.code as SubjectActionRefusal) };
  (await requestLogger('action')).error({ err: error }, 'a request action failed');
  return { status: 'error', message: t('generic') };
}

/** Cancel my request while the operator has not acted on it (the page's version must still hold). */
export async function cancelRequestAction(_state: FormState, data: FormData): Promise<FormState> {
  const { user, subject } = await requireSubject();
  const [locale, t, td] = await Promise.all([
    getLocale(),
    getTranslations('requests.errors'),
    getTranslations('requests.detail'),
  ]);
  const requestId = data.get('requestId');
  const version = Number(data.get('version'));
  if (!subject || !isUuid(requestId) || !Number.isInteger(version)) return { status: 'error', message: t('notFound') };
  try {
    await getDb().transaction((tx) =>
      cancelOwnRequest(tx, { subjectId: subject.id, requestId, version, actor: { id: user.id, role: 'subject' } }),
    );
  } catch (error) {
    revalidatePath(localePath(locale, `/me/requests/${requestId}`));
    return failure(error, t);
  }
  revalidatePath(localePath(locale, `/me/requests/${requestId}`));
  return { status: 'success', message: td('cancelled') };
}

/** Write to the operator about my request, with documents. */
export async function sendMessageAction(_state: FormState, data: FormData): Promise<FormState> {
  const { user, subject } = await requireSubject();
  const [locale, t, td] = await Promise.all([
    getLocale(),
    getTranslations('requests.errors'),
    getTranslations('requests.detail'),
  ]);
  const requestId = data.get('requestId');
  if (!subject || !isUuid(requestId)) return { status: 'error', message: t('notFound') };
  const body = String(data.get('body') ?? '').trim();
  const files = await readUploads(data.getAll('files'));
  const fieldErrors: Record<string, string> = {};
  if (!body) fieldErrors.body = t('required');
  else if (body.length > MAX_TEXT_LENGTH) fieldErrors.body = t('tooLong', { max: MAX_TEXT_LENGTH });
  if ('error' in files) fieldErrors.files = t(files.error.code, { name: files.error.name });
  if (Object.keys(fieldErrors).length > 0 || 'error' in files)
    return { status: 'error', message: t('fixBelow'), fieldErrors };
  try {
    await getDb().transaction((tx) =>
      postSubjectMessage(tx, {
        subjectId: subject.id,
        requestId,
        body,
        uploads: files.uploads,
        actor: { id: user.id, role: 'subject' },
      }),
    );
  } catch (error) {
    return failure(error, t);
  }
  revalidatePath(localePath(locale, `/me/requests/${requestId}`));
  return { status: 'success', message: td('sent') };
}
