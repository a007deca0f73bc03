import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

/** Art. 25(2)(8): a subject affected by a breach is told what happened, what was done, and whom to ask. */
export function renderBreachNotice(
  context: EmailContext,
  values: { discoveredAt: Date; description: string; measures: string },
): RenderedEmail {
  const { t, f, operator } = context;
  return renderLayout(context, {
    subject: t('email.breachNotice.subject'),
    heading: t('email.breachNotice.subject'),
    paragraphs: [
      t('email.breachNotice.body', { operator: context.operatorName, date: f.dateTime(values.discoveredAt) }),
      values.description,
      t('email.breachNotice.measures'),
      values.measures,
      t('email.breachNotice.contact', {
        name: operator?.responsibleName ?? '',
        email: operator?.responsibleEmail ?? '',
        phone: operator?.responsiblePhone ?? '',
      }),
    ],
  });
}
