import type { CrossBorderBasis } from '@/db/schema/inventory';
import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

/** Art. 19: the subject is told their data went to a recipient: who, where, what, on what ground. */
export function renderTransferNotice(
  context: EmailContext,
  values: {
    recipientName: string;
    country: string;
    transferredAt: Date;
    categories: string[];
    basis: string;
    crossBorderBasis: CrossBorderBasis | null;
  },
): RenderedEmail {
  const { t, f } = context;
  return renderLayout(context, {
    subject: t('email.transferNotice.subject'),
    heading: t('email.transferNotice.subject'),
    paragraphs: [
      t('email.transferNotice.body', {
        operator: context.operatorName,
        recipient: values.recipientName,
        country: f.country(values.country),
        date: f.dateTime(values.transferredAt),
      }),
      t('email.transferNotice.items', { items: values.categories.join(', ') }),
      t('email.transferNotice.basis', { basis: values.basis }),
      ...(values.crossBorderBasis
        ? [t('email.transferNotice.crossBorder', { basis: t(`crossBorderBasis.${values.crossBorderBasis}`) })]
        : []),
    ],
    action: { label: t('email.transferNotice.action'), url: context.link('/me/activity') },
  });
}
