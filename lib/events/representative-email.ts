import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { requestRepresentatives } from '@/db/schema/representatives';
import { emailSubject } from '@/lib/mail/subject-email';
import {
  renderFiledForYou,
  renderRepresentativeUpdate,
  type RepresentativeNews,
} from '@/lib/mail/templates/representative';
import type { DomainEvent } from './catalogue';

/** What the representative who filed the request is told of each request event (null: nothing). */
export function newsOf(event: DomainEvent): RepresentativeNews | null {
  switch (event.type) {
    // Their acknowledgement: the request.registered event comes before the representative is recorded.
    case 'request.filed_by_representative':
      return 'registered';
    case 'request.authority_decided':
      // "Not confirmed" reaches them as the refusal that goes with it.
      return event.payload.authority === 'confirmed' ? 'authority_confirmed' : null;
    case 'request.message_posted':
      return 'message';
    case 'request.information_requested':
      return 'info';
    case 'request.extended':
      return 'extended';
    case 'request.data_blocked':
      return 'blocked';
    case 'request.executed':
      return 'executed';
    case 'request.refused':
      return 'refused';
    default:
      return null;
  }
}

/** What the e-mails need of a request's representative. */
export type KnownRepresentative = {
  fullName: string;
  representedName: string | null;
  representativeSubjectId: string | null;
};

/**
 * Art. 24: a request filed by a representative from their own account has two people to tell:
 * the subject (lib/events/email.ts, and here that someone filed for them) and the representative,
 * who asked and is answered on their own page.
 */
export async function emailForRepresentedRequest(
  tx: Tx,
  event: DomainEvent,
  /** The request's representative, when the caller read it (null: there is none); read here otherwise. */
  known?: KnownRepresentative | null,
): Promise<void> {
  if (!event.type.startsWith('request.') || !event.subjectId) return;
  // Nothing to tell anyone of this event (the acknowledgement, before a representative is recorded): no lookup.
  const news = newsOf(event);
  if (!news) return;
  const { requestId, reference } = event.payload as { requestId: string; reference: string };
  const [representative] =
    known !== undefined
      ? [known]
      : await tx
          .select({
            fullName: requestRepresentatives.fullName,
            representedName: requestRepresentatives.representedName,
            representativeSubjectId: requestRepresentatives.representativeSubjectId,
          })
          .from(requestRepresentatives)
          .where(eq(requestRepresentatives.requestId, requestId));
  if (!representative) return;

  if (event.type === 'request.filed_by_representative') {
    const { type, relationship } = event.payload;
    await emailSubject(tx, event.subjectId, {
      kind: 'request_filed_for_you',
      requestId,
      render: (context) =>
        renderFiledForYou(context, { requestId, reference, type, relationship, name: representative.fullName }),
    });
  }
  if (!representative.representativeSubjectId) return;
  await emailSubject(tx, representative.representativeSubjectId, {
    kind: `representative_${news}`,
    requestId,
    render: (context) =>
      renderRepresentativeUpdate(context, {
        requestId,
        reference,
        news,
        name: representative.representedName ?? '',
      }),
  });
}
