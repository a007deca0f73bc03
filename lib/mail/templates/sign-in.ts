import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

/** The sign-in link, in the language of the page it was asked from. */
export function renderSignIn(context: EmailContext, { url, minutes }: { url: string; minutes: number }): RenderedEmail {
  const { t } = context;
  return renderLayout(context, {
    subject: t('email.signIn.subject'),
    heading: t('email.signIn.heading'),
    paragraphs: [
      t('email.signIn.body', { operator: context.operatorName || 'Derbes' }),
      t('email.signIn.expiry', { minutes }),
      t('email.signIn.ignore'),
    ],
    action: { label: t('email.signIn.action'), url },
  });
}
