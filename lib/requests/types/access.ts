import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { listSubjectConsents } from '@/db/queries/consents';
import { findOperatorProfile } from '@/db/queries/operator';
import { attachments } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { recordAudit } from '@/lib/audit/record';
import { addEvent } from '@/lib/backoffice/request-state';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { findMyDataReport } from '@/lib/my-data/report';
import { renderStatementPdf } from '@/lib/pdf/statement';
import { fileRequest } from '@/lib/requests/file';
import { defineRequestType } from './definition';
import { description } from './form';

/**
 * ACCESS, Art. 24(1)(1), 25(2)(6)-(7): what the operator holds about me, why, from where, how, for
 * how long, and to whom it goes. Executing it answers with a statement (PDF, in the subject's
 * language) attached to the request.
 */
export const access = defineRequestType({
  type: 'ACCESS',
  slug: 'access',
  articles: 'Art. 24(1)(1), 25(2)(6)-(7)',
  deadline: 'ACCESS',
  scope: 'none',
  showsProposedValues: false,
  fields: [{ kind: 'text', label: 'note', required: false }],
  schema: () => z.object({ description: description(false) }),
  file: ({ tx, common }, input) => fileRequest(tx, { ...common, type: 'ACCESS', description: input.description }),
  panel: () => ({ help: 'ACCESS', outcomeRequired: false, buttons: [{ decision: null, label: 'execute' }] }),
  async execute({ tx, request, staff, outcome, complete }) {
    const [subject] = await tx.select().from(subjects).where(eq(subjects.id, request.subjectId));
    const [report, consentList, operator] = await Promise.all([
      findMyDataReport(tx, request.subjectId),
      listSubjectConsents(tx, request.subjectId),
      findOperatorProfile(tx),
    ]);
    if (!subject || !report || !operator) throw new DomainError<StaffRefusal>('notFound');
    const pdf = await renderStatementPdf(report, consentList, operator, subject.locale);
    const eventId = await addEvent(tx, request, staff, {
      kind: 'executed',
      visibility: 'subject',
      body: outcome,
      toState: 'COMPLETED',
    });
    await tx.insert(attachments).values({
      requestId: request.id,
      subjectId: request.subjectId,
      eventId,
      fileName: `statement-${request.reference}.pdf`,
      contentType: 'application/pdf',
      byteSize: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      content: pdf,
      uploadedById: staff.id,
    });
    await recordAudit(tx, {
      actor: staff,
      action: 'data_exported',
      subjectId: request.subjectId,
      entityType: 'request',
      entityId: request.id,
      reason: request.reference,
      details: { format: 'statement' },
    });
    await complete(eventId);
  },
});
