import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { locales, subjects, type Locale } from '@/db/schema/subjects';
import type { Actor } from '@/lib/audit/record';
import { recordAudit } from '@/lib/audit/record';
import { DomainError, type SubjectActionRefusal } from '@/lib/errors';

/**
 * The subject chooses the language the operator writes to them in: every e-mail, letter and PDF
 * about them follows it (lib/mail/subject-email.ts), and so does the sign-in e-mail to their
 * address (lib/auth/sign-in-locale.ts). It is part of what the operator holds about them, so the
 * change is in their activity.
 */
export async function setSubjectLanguage(
  tx: Tx,
  input: { subjectId: string; locale: Locale; actor: Actor },
): Promise<void> {
  if (!locales.includes(input.locale)) throw new DomainError<SubjectActionRefusal>('notFound');
  const [before] = await tx
    .select({ locale: subjects.locale })
    .from(subjects)
    .where(eq(subjects.id, input.subjectId))
    .for('update');
  if (!before) throw new DomainError<SubjectActionRefusal>('notFound');
  if (before.locale === input.locale) return;
  await tx
    .update(subjects)
    .set({ locale: input.locale, updatedAt: new Date() })
    .where(eq(subjects.id, input.subjectId));
  await recordAudit(tx, {
    actor: input.actor,
    action: 'data_changed',
    subjectId: input.subjectId,
    entityType: 'subject',
    entityId: input.subjectId,
    details: { fields: ['locale'], from: before.locale, to: input.locale },
  });
}
