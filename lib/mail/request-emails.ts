import type { RequestType } from '@/db/schema/requests';
import type { Locale } from '@/db/schema/subjects';
import { translatorFor } from '@/lib/i18n/translator';
import { renderLayout, type RenderedEmail } from './templates';

/** The acknowledgement a subject receives when a request is registered: its number and due date. */
export function renderRequestFiledEmail(
  locale: Locale,
  values: { reference: string; type: RequestType; dueAt: Date; operatorName: string; url: string },
): RenderedEmail {
  const t = translatorFor(locale);
  const due = t('email.requestFiled.dueDate', { dueAt: values.dueAt });
  return renderLayout({
    locale,
    subject: t('email.requestFiled.subject', { reference: values.reference }),
    heading: t('email.requestFiled.heading', { reference: values.reference }),
    paragraphs: [
      t('email.requestFiled.body', { type: t(`requestType.${values.type}`), operator: values.operatorName }),
      due,
    ],
    action: { label: t('email.requestFiled.action'), url: values.url },
    footer: t('email.footer', { operator: values.operatorName }),
  });
}

/** What the operator did about a request, for the e-mail that tells the subject. */
export type RequestUpdate =
  | { kind: 'message' | 'info'; body: string }
  | { kind: 'executed'; body: string | null }
  | { kind: 'blocked'; dueAt: Date }
  | { kind: 'extended'; dueAt: Date; body: string }
  | { kind: 'refused'; reasonCode: string; legalBasis: string; body: string };

export function renderRequestUpdateEmail(
  locale: Locale,
  update: RequestUpdate & { reference: string; operatorName: string; url: string },
): RenderedEmail {
  const t = translatorFor(locale);
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
          t('email.requestUpdate.refused', { reference }),
          t('email.requestUpdate.refusalReason', {
            reason: t(`requests.refusalReasons.${update.reasonCode as 'other'}`),
          }),
          t('email.requestUpdate.refusalBasis', { basis: update.legalBasis }),
          update.body,
          t('email.requestUpdate.complain'),
        ];
    }
  })();
  return renderLayout({
    locale,
    subject: t('email.requestUpdate.subject', { reference, what: t(`email.requestUpdate.what.${update.kind}`) }),
    heading: t('email.requestUpdate.subject', { reference, what: t(`email.requestUpdate.what.${update.kind}`) }),
    paragraphs,
    action: { label: t('email.requestUpdate.action'), url: update.url },
    footer: t('email.footer', { operator: update.operatorName }),
  });
}
