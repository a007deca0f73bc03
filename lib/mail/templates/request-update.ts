import type { RequestType } from '@/db/schema/requests';
import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

/** What the operator did about a request, for the e-mail that tells the subject. */
export type RequestUpdate =
  | { kind: 'message' | 'info'; body: string }
  | { kind: 'executed'; body: string | null }
  | { kind: 'blocked'; dueAt: Date }
  | { kind: 'extended'; dueAt: Date; body: string }
  // The type decides the word: an ACCESS refusal is a reasoned answer (Art. 25(2)(7)), others a reasoned refusal (Art. 8(7)).
  | { kind: 'refused'; type: RequestType; reasonCode: string; legalBasis: string; body: string };

export function renderRequestUpdate(
  context: EmailContext,
  update: RequestUpdate & { requestId: string; reference: string },
): RenderedEmail {
  const { t } = context;
  const { reference } = update;
  const date = (d: Date) => t('email.requestUpdate.date', { date: d });
  const paragraphs: string[] = (() => {
    switch (update.kind) {
      case 'message':
        return [t('email.requestUpdate.message', { reference }), update.body];
      case 'info':
        return [t('email.requestUpdate.infoRequested', { reference }), update.body];
      case 'executed':
        return [t('email.requestUpdate.executed', { reference }), ...(update.body ? [update.body] : [])];
      case 'blocked':
        return [t('email.requestUpdate.blocked', { reference, date: date(update.dueAt) })];
      case 'extended':
        return [t('email.requestUpdate.extended', { reference, date: date(update.dueAt) }), update.body];
      case 'refused':
        return [
          t('email.requestUpdate.refused', { reference, type: update.type }),
          t('email.requestUpdate.refusalReason', {
            reason: t(`requests.refusalReasons.${update.reasonCode as 'other'}`),
          }),
          t('email.requestUpdate.refusalBasis', { basis: update.legalBasis }),
          update.body,
          t('email.requestUpdate.complain'),
        ];
    }
  })();
  const type = update.kind === 'refused' ? update.type : 'other';
  const subject = t('email.requestUpdate.subject', {
    reference,
    what: t(`email.requestUpdate.what.${update.kind}`, { type }),
  });
  return renderLayout(context, {
    subject,
    heading: subject,
    paragraphs,
    action: { label: t('email.requestUpdate.action'), url: context.link(`/me/requests/${update.requestId}`) },
  });
}
