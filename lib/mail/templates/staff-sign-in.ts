import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

/**
 * Told to a staff member each time their account is signed in to: a stolen mailbox shows itself
 * at the first use (the second factor is still needed to get further).
 */
export function renderStaffSignIn(
  context: EmailContext,
  { email, at, address, browser }: { email: string; at: Date; address: string | null; browser: string | null },
): RenderedEmail {
  const { t, f } = context;
  const unknown = t('email.staffSignIn.unknown');
  return renderLayout(context, {
    subject: t('email.staffSignIn.subject'),
    heading: t('email.staffSignIn.heading'),
    paragraphs: [
      t('email.staffSignIn.body', {
        operator: context.operatorName || 'Derbes',
        email,
        time: f.dateTime(at, 'dateTime'),
        address: address ?? unknown,
        browser: browser ?? unknown,
      }),
      t('email.staffSignIn.ifNotYou'),
    ],
  });
}
