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
