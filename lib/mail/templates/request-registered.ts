import type { RequestType } from '@/db/schema/requests';
import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

/**
 * The acknowledgement a subject receives when a request is registered: its number, the due date
 * with the term in working days and how it is counted, the deadline's source, and what the subject
 * may do if it passes (Art. 27, 27-1, 30).
 */
export function renderRequestRegistered(
  context: EmailContext,
  values: {
    requestId: string;
    reference: string;
    type: RequestType;
    dueAt: Date;
    workingDays: number | null;
    source: string | null;
  },
): RenderedEmail {
  const { t } = context;
  return renderLayout(context, {
    subject: t('email.requestFiled.subject', { reference: values.reference }),
    heading: t('email.requestFiled.heading', { reference: values.reference }),
    paragraphs: [
      t('email.requestFiled.body', { type: t(`requestType.${values.type}`), operator: context.operatorName }),
      t('email.requestFiled.dueDate', { dueAt: values.dueAt }),
      ...(values.workingDays ? [t('requests.deadlineTerm', { days: values.workingDays })] : []),
      // Which law or by-law sets the deadline (point 6 of issue 11): the subject can check it.
      ...(values.source ? [t('email.requestFiled.deadlineSource', { source: values.source })] : []),
      t('requests.afterDeadline'),
    ],
    action: { label: t('email.requestFiled.action'), url: context.link(`/me/requests/${values.requestId}`) },
  });
}
