import type { RepresentativeRelationship } from '@/db/schema/representatives';
import type { RequestType } from '@/db/schema/requests';
import { renderLayout, type EmailContext, type RenderedEmail } from './layout';

/** What happened on a request, as the representative who filed it is told. */
export type RepresentativeNews =
  'registered' | 'authority_confirmed' | 'message' | 'info' | 'extended' | 'blocked' | 'executed' | 'refused';

/** Art. 24: the subject is told that someone filed a request on their behalf, and who. */
export function renderFiledForYou(
  context: EmailContext,
  values: {
    requestId: string;
    reference: string;
    type: RequestType;
    name: string;
    relationship: RepresentativeRelationship;
  },
): RenderedEmail {
  const { t } = context;
  const subject = t('representatives.email.filedForYou.subject', { reference: values.reference });
  return renderLayout(context, {
    subject,
    heading: subject,
    paragraphs: [
      t('representatives.email.filedForYou.body', {
        reference: values.reference,
        type: t(`requestType.${values.type}`),
        name: values.name,
        relationship: t(`representatives.relationships.${values.relationship}`),
      }),
      t('representatives.email.filedForYou.notYou'),
    ],
    action: { label: t('email.requestFiled.action'), url: context.link(`/me/requests/${values.requestId}`) },
  });
}

/**
 * The representative is the requester: they are told of each step on the request they filed,
 * without its content (that is on their page, after signing in).
 */
export function renderRepresentativeUpdate(
  context: EmailContext,
  values: { requestId: string; reference: string; name: string; news: RepresentativeNews },
): RenderedEmail {
  const { t } = context;
  const subject = t('representatives.email.update.subject', { reference: values.reference });
  return renderLayout(context, {
    subject,
    heading: subject,
    paragraphs: [t(`representatives.email.update.${values.news}`, { reference: values.reference, name: values.name })],
    action: {
      label: t('representatives.email.update.action'),
      url: context.link(`/me/representation/${values.requestId}`),
    },
  });
}
