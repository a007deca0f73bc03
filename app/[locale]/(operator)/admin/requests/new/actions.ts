'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/actions/form-state';
import { getDb } from '@/db';
import { findRequestFormOptions } from '@/db/queries/subject-requests';
import { requestTypes, type RequestType } from '@/db/schema/requests';
import { redirect } from '@/i18n/navigation';
import { requireStaff } from '@/lib/auth/session';
import { registerIntake } from '@/lib/backoffice/intake';
import type { StaffRefusal } from '@/lib/errors';
import { isDomainError } from '@/lib/errors';
import { readUploads } from '@/lib/files/attachments';
import { isUuid } from '@/lib/ids';
import { parseRequestForm } from '@/lib/requests/types';
import { requestLogger } from '@/lib/request-log';

/** Kazakhstan time of a <input type="datetime-local"> value ("2026-11-20T10:30"). */
function parseReceivedAt(value: FormDataEntryValue | null): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00+05:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Art. 10(2): register a request received on paper or by e-mail, with its real date and scan. */
export async function registerIntakeAction(_state: FormState, data: FormData): Promise<FormState> {
  const staff = await requireStaff('requests.intake');
  const [locale, t, tr, ti] = await Promise.all([
    getLocale(),
    getTranslations('requests.errors'),
    getTranslations('backoffice.request.errors'),
    getTranslations('backoffice.intake.errors'),
  ]);
  const subjectId = data.get('subjectId');
  const type = String(data.get('type')) as RequestType;
  if (!isUuid(subjectId)) return { status: 'error', message: tr('notFound') };
  if (!requestTypes.includes(type)) return { status: 'error', message: ti('type') };

  const db = getDb();
  const options = await findRequestFormOptions(db, subjectId);
  const parsed = parseRequestForm(type, data, {
    items: options.items.map((item) => ({ id: item.id, categoryCode: item.categoryCode })),
    categories: options.categories,
  });
  const files = await readUploads(data.getAll('files'));
  const receivedAt = parseReceivedAt(data.get('receivedAt'));
  const fieldErrors: Record<string, string> = {};
  if ('fieldErrors' in parsed) {
    for (const [field, error] of Object.entries(parsed.fieldErrors))
      fieldErrors[field] = t(error.key, { max: error.max ?? 0 });
  }
  if ('error' in files) fieldErrors.files = t(files.error.code, { name: files.error.name });
  else if (files.uploads.length === 0) fieldErrors.files = ti('scan');
  if (!receivedAt || receivedAt.getTime() > Date.now() + 60_000 || Date.now() - receivedAt.getTime() > 366 * 86_400_000)
    fieldErrors.receivedAt = ti('date');
  if (Object.keys(fieldErrors).length > 0 || 'fieldErrors' in parsed || 'error' in files || !receivedAt) {
    return { status: 'error', message: t('fixBelow'), fieldErrors };
  }

  let requestId: string;
  try {
    const key = data.get('idempotencyKey');
    const filed = await db.transaction((tx) =>
      registerIntake(tx, staff, {
        subjectId,
        request: parsed.input,
        channel: data.get('channel') === 'email' ? 'email' : 'paper',
        registeredAt: receivedAt,
        uploads: files.uploads,
        idempotencyKey: isUuid(key) ? key : null,
      }),
    );
    requestId = filed.id;
  } catch (error) {
    if (isDomainError(error)) {
      // A consent that cannot be withdrawn says why; everything else is the back office's own refusal.
      if (error.code === 'locked' || error.code === 'notActive')
        return { status: 'error', message: (await getTranslations('consents.errors'))(error.code) };
      return {
        status: 'error',
        message: tr(['forbidden', 'notFound'].includes(error.code) ? (error.code as StaffRefusal) : 'invalid'),
      };
    }
    (await requestLogger('action')).error({ err: error }, 'registering a request failed');
    return { status: 'error', message: tr('generic') };
  }
  return redirect({ href: `/admin/requests/${requestId}`, locale });
}
