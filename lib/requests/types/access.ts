import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { runPrebuilt } from '@/db/prebuilt';
import { listSubjectConsents } from '@/db/queries/consents';
import { attachments } from '@/db/schema/requests';
import { recordAudit } from '@/lib/audit/record';
import { operatorProfileOf } from '@/lib/cache/process';
import { addEvent } from '@/lib/backoffice/request-state';
import { DomainError, type StaffRefusal } from '@/lib/errors';
import { findMyDataReport } from '@/lib/my-data/report';
import { renderStatementPdfOffThread } from '@/lib/pdf/statement-off-thread';
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

/**
 * What the statement shows changes only if one of these rows does: the fingerprint of the same
 * data is the same, and of a change in any of them, another (issue 15: inside the transaction,
 * one statement instead of the statement's eight reads, mapped and hashed again). It covers more
 * than the statement shows (every row of: the subject, their items, the items' categories,
 * systems and purposes, the purposes' recipients, their consents with the consents' purposes,
 * categories and pending withdrawals, their objections), so a change it covers that the statement
 * does not show only renders the statement again. Each part is in a fixed order; the operator's
 * profile (kept by the process) is added in fingerprintOf.
 *
 * A row is named by its key and its version, not by its text: PostgreSQL writes a changed row as a
 * new version whose `xmin` is the changing transaction's id, which no version the statement was
 * rendered from can have (those were committed before it), and a row added or removed adds or
 * removes a key. So any change to a row gives another fingerprint, as hashing every row as text
 * did, without turning every column into text twice an execution (~3 ms of PostgreSQL's CPU).
 */
const dataFingerprint = (db: DbOrTx, subjectId: string) =>
  runPrebuilt<{ fingerprint: string }>(
    db,
    'access.fingerprint',
    () => sql`
      with items as (select i.id, i.xmin, i.category_id, i.system_id from data_items i
                     where i.subject_id = ${sql.placeholder('subjectId')}::uuid),
           links as (select l.data_item_id, l.purpose_id, l.xmin from data_item_purposes l
                     where l.data_item_id in (select id from items)),
           cons as (select c.id, c.xmin from consents c where c.subject_id = ${sql.placeholder('subjectId')}::uuid),
           cps as (select cp.consent_id, cp.purpose_id, cp.xmin from consent_purposes cp
                   where cp.consent_id in (select id from cons)),
           ccs as (select cc.consent_id, cc.category_id, cc.xmin from consent_categories cc
                   where cc.consent_id in (select id from cons)),
           purpose_ids as (select purpose_id as id from links union select purpose_id from cps)
      select md5(concat_ws(e'\n',
        (select s.xmin::text from subjects s where s.id = ${sql.placeholder('subjectId')}::uuid),
        (select string_agg(i.id || ' ' || i.xmin, ',' order by i.id) from items i),
        (select string_agg(c.id || ' ' || c.xmin, ',' order by c.id) from data_categories c
          where c.id in (select category_id from items union select category_id from ccs)),
        (select string_agg(y.id || ' ' || y.xmin, ',' order by y.id) from systems y
          where y.id in (select system_id from items)),
        (select string_agg(l.data_item_id || ' ' || l.purpose_id || ' ' || l.xmin, ',' order by l.data_item_id, l.purpose_id)
          from links l),
        (select string_agg(p.id || ' ' || p.xmin, ',' order by p.id) from purposes p where p.id in (select id from purpose_ids)),
        (select string_agg(pr.purpose_id || ' ' || r.id || ' ' || pr.xmin || ' ' || r.xmin, ',' order by pr.purpose_id, r.id)
          from purpose_recipients pr join recipients r on r.id = pr.recipient_id
          where pr.purpose_id in (select id from purpose_ids)),
        (select string_agg(c.id || ' ' || c.xmin, ',' order by c.id) from cons c),
        (select string_agg(cp.consent_id || ' ' || cp.purpose_id || ' ' || cp.xmin, ',' order by cp.consent_id, cp.purpose_id)
          from cps cp),
        (select string_agg(cc.consent_id || ' ' || cc.category_id || ' ' || cc.xmin, ',' order by cc.consent_id, cc.category_id)
          from ccs cc),
        (select string_agg(o.purpose_id || ' ' || o.xmin, ',' order by o.purpose_id) from purpose_objections o
          where o.subject_id = ${sql.placeholder('subjectId')}::uuid),
        (select string_agg(rc.consent_id || ' ' || q.id || ' ' || rc.xmin || ' ' || q.xmin, ',' order by rc.consent_id, q.id)
          from request_consents rc join requests q on q.id = rc.request_id where rc.consent_id in (select id from cons))
      )) as fingerprint`,
    { subjectId },
  ).then(([row]) => row!.fingerprint);

/** The data's fingerprint with the operator's profile and the language the statement is written in. */
const fingerprintOf = (data: string, operator: unknown) =>
  createHash('sha256').update(data).update('\n').update(JSON.stringify(operator)).digest('hex');

// On another thread (issue 15): ~20 ms of JavaScript this thread spends on pages and transactions meanwhile.
const render = (inputs: StatementInputs, now: Date) =>
  renderStatementPdfOffThread(inputs.report, inputs.consentList, inputs.operator, inputs.locale, now);

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
    // The fingerprint is taken first: a change landing after it, before or between the reads,
    // is then missing from it, and the transaction (which sees the change) renders again.
    const data = await dataFingerprint(db, request.subjectId);
    const inputs = await statementInputs(db, request.subjectId);
    if (!inputs) return undefined;
    return {
      kind: 'statement',
      fingerprint: fingerprintOf(data, inputs.operator),
      pdf: await render(inputs, now),
    } satisfies PreparedStatement;
  },
  async execute({ tx, request, staff, outcome, complete, prepared }) {
    // What was rendered before is attached only if the data it shows is still the data now;
    // otherwise (a change in between, or no preparation: the demo seed, tests) it is rendered here.
    const [data, operator] = await Promise.all([dataFingerprint(tx, request.subjectId), operatorProfileOf(tx)]);
    let pdf: Buffer;
    if (isPreparedStatement(prepared) && prepared.fingerprint === fingerprintOf(data, operator)) pdf = prepared.pdf;
    else {
      const inputs = await statementInputs(tx, request.subjectId);
      if (!inputs) throw new DomainError<StaffRefusal>('notFound');
      pdf = await render(inputs, new Date());
    }
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
