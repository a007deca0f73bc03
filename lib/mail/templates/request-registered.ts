import type { RequestType } from '@/db/schema/requests';
import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

/** The acknowledgement a subject receives when a request is registered: its number and due date. */
export function renderRequestRegistered(
  context: EmailContext,
  values: { requestId: string; reference: string; type: RequestType; dueAt: Date },
): RenderedEmail {
  const { t } = context;
  return renderLayout(context, {
    subject: t('email.requestFiled.subject', { reference: values.reference }),
    heading: t('email.requestFiled.heading', { reference: values.reference }),
    paragraphs: [
      t('email.requestFiled.body', { type: t(`requestType.${values.type}`), operator: context.operatorName }),
      t('email.requestFiled.dueDate', { dueAt: values.dueAt }),
    ],
    action: { label: t('email.requestFiled.action'), url: context.link(`/me/requests/${values.requestId}`) },
  });
}
