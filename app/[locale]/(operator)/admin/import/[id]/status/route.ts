import { z } from 'zod';
import { getDb } from '@/db';
import type { AppLocale } from '@/i18n/routing';
import { requireStaff } from '@/lib/auth/session';
import { findImportProgress } from '@/lib/import/runs';
import { progressOf } from '../progress-text';

type Context = { params: Promise<{ locale: AppLocale; id: string }> };

/** A run's state and position, polled every second by its page's progress bar (../progress.tsx). */
export async function GET(_request: Request, { params }: Context) {
  await requireStaff('import.run');
  const { locale, id } = await params;
  const run = z.uuid().safeParse(id).success ? await findImportProgress(getDb(), id) : null;
  if (!run) return Response.json({ error: 'notFound' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return Response.json(await progressOf(locale, run), { headers: { 'Cache-Control': 'no-store' } });
}
