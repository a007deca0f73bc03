import type { OperatorProfile } from '@/db/schema/operator';
import { locales } from '@/db/schema/subjects';
import { emailContext, renderLayout, type RenderedEmail } from './layout';

/**
 * The day's audit seals, to each dpo (lib/audit/seals.ts): a copy of the seals the database cannot
 * reach, and how to check them. Staff have no language of their own in the portal yet, so the
 * words are in Kazakh, Russian and English, one after the other; the seal lines, which are for
 * `verify-audit`, come once, at the end.
 */
export function renderAuditSeals(
  operator: OperatorProfile | null,
  seals: { days: string[]; lines: string[] },
): RenderedEmail {
  const contexts = locales.map((locale) => emailContext(locale, operator));
  const lastDay = seals.days.at(-1) ?? '';
  // Noon in Almaty: the same calendar day whatever the formatter's zone.
  const date = (c: (typeof contexts)[number]) => c.f.dateTime(new Date(`${lastDay}T12:00:00+05:00`));
  const subject = contexts.map((c) => c.t('email.auditSeals.subject', { date: date(c) })).join(' / ');
  return renderLayout(contexts[0]!, {
    subject,
    heading: subject,
    paragraphs: [
      ...contexts.flatMap((c) => [
        c.t('email.auditSeals.body', { date: date(c), count: seals.days.length }),
        c.t('email.auditSeals.check'),
      ]),
      ...seals.lines,
    ],
  });
}
