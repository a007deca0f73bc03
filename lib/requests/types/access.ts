import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { listSubjectConsents } from '@/db/queries/consents';
import { attachments } from '@/db/schema/requests';
import { recordAudit } from '@/lib/audit/record';
import { operatorProfileOf } from '@/lib/cache/process';
import { addEvent } from '@/lib/backoffice/request-state';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { findMyDataReport } from '@/lib/my-data/report';
import { renderStatementPdf } from '@/lib/pdf/statement';
import { fileRequest } from '@/lib/requests/file';
import { defineRequestType } from './definition';
import { description } from './form';

/** What the statement is made of, read in one place so that before and inside the transaction read alike. */
async function statementInputs(db: DbOrTx, subjectId: string) {
  const [report, consentList, operator] = await Promise.all([
    findMyDataReport(db, subjectId),
    listSubjectConsents(db, subjectId),
    operatorProfileOf(db),
  ]);
  if (!report || !operator) return null;
  return { report, consentList, operator, locale: report.subject.locale };
}
type StatementInputs = NonNullable<Awaited<ReturnType<typeof statementInputs>>>;

/** The same data gives the same fingerprint: what was rendered before the transaction is still true. */
const fingerprintOf = (inputs: StatementInputs) => createHash('sha256').update(JSON.stringify(inputs)).digest('hex');

const render = (inputs: StatementInputs, now: Date) =>
  renderStatementPdf(inputs.report, inputs.consentList, inputs.operator, inputs.locale, now);

/** A statement rendered before the execution's transaction, with the fingerprint of what it shows. */
type PreparedStatement = { kind: 'statement'; fingerprint: string; pdf: Buffer };
const isPreparedStatement = (prepared: unknown): prepared is PreparedStatement =>
  (prepared as PreparedStatement | undefined)?.kind === 'statement';

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
  /**
   * Rendering the PDF takes long: it is done here, before the transaction, so the transaction
   * holds no lock while it runs (issue 15). Its "issued at" is the moment of the reading. The
   * reads are sent together, outside any transaction (a snapshot of their own would cost three
   * statements more: begin, its isolation level, commit): should a change land between two of
   * them, what they show together is data that never was at one moment, and its fingerprint is
   * then not the data's at execution, so the transaction renders the statement again.
   */
  async prepare(db, request) {
    const now = new Date();
    const inputs = await statementInputs(db, request.subjectId);
    if (!inputs) return undefined;
    return {
      kind: 'statement',
      fingerprint: fingerprintOf(inputs),
      pdf: await render(inputs, now),
    } satisfies PreparedStatement;
  },
  async execute({ tx, request, staff, outcome, complete, prepared }) {
    const inputs = await statementInputs(tx, request.subjectId);
    if (!inputs) throw new DomainError<StaffRefusal>('notFound');
    // What was rendered before is attached only if the data it shows is still the data now;
    // otherwise (a change in between, or no preparation: the demo seed, tests) it is rendered here.
    const pdf =
      isPreparedStatement(prepared) && prepared.fingerprint === fingerprintOf(inputs)
        ? prepared.pdf
        : await render(inputs, new Date());
    // The event and the audit entry sent together (one round trip); the attachment belongs to the event.
    const [eventId] = await Promise.all([
      addEvent(tx, request, staff, { kind: 'executed', visibility: 'subject', body: outcome, toState: 'COMPLETED' }),
      recordAudit(tx, {
        actor: staff,
        action: 'data_exported',
        subjectId: request.subjectId,
        entityType: 'request',
        entityId: request.id,
        reason: request.reference,
        details: { format: 'statement' },
      }),
    ]);
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
    await complete(eventId);
  },
});
