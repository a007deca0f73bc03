import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { subjects } from '@/db/schema/subjects';
import { enqueueEmail } from './outbox';
import { emailContext, type EmailContext, type RenderedEmail } from './templates/layout';

/**
 * The one way an e-mail to a subject is written: their address and language are looked up here,
 * the template gets the context in that language, and the e-mail joins the outbox in the caller's
 * transaction. Returns false when the subject has no e-mail address (the postal letter's case).
 */
export async function emailSubject(
  tx: Tx,
  subjectId: string,
  email: { kind: string; requestId?: string | null; render: (context: EmailContext) => RenderedEmail },
): Promise<boolean> {
  const [subject] = await tx
    .select({ email: subjects.email, locale: subjects.locale })
    .from(subjects)
    .where(eq(subjects.id, subjectId));
  if (!subject?.email) return false;
  const context = emailContext(subject.locale, await findOperatorProfile(tx));
  await enqueueEmail(tx, {
    kind: email.kind,
    to: subject.email,
    locale: subject.locale,
    subjectId,
    requestId: email.requestId ?? null,
    ...email.render(context),
  });
  return true;
}
