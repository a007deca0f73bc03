import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { letters } from '@/db/schema/letters';
import { outgoingEmails } from '@/db/schema/mail';
import { requestEvents, requestItems, requests } from '@/db/schema/requests';
import { subjects } from '@/db/schema/subjects';
import { translatorFor } from '@/lib/i18n/translator';

/**
 * Art. 1(6): a destroyed value cannot be restored, so no copy of it may survive in the subject's
 * own words either: the requests' descriptions, the proposed values, the messages and answers of
 * their requests, the e-mails (the copies kept of those sent, and those not sent yet) and the
 * letters (printed or still to post). Each occurrence becomes a marker ("[destroyed]"
 * in the subject's language). The same value is often written differently ("+7 701 555 12 34",
 * "87015551234", "+7(701)555-12-34"), so it is matched by its letters and digits, whatever lies
 * between them.
 */

const separators = String.raw`[\s\-–.()/]*`;
const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pattern that finds the value in a text, however it is spaced or punctuated; null for a value too short to find safely. */
export function destroyedValuePattern(value: string): RegExp | null {
  const core = [...value.normalize('NFC')].filter((c) => /[\p{L}\p{N}@_+]/u.test(c));
  const significant = core.filter((c) => /[\p{L}\p{N}]/u.test(c));
  if (significant.length < 3) return null;
  const digits = significant.join('');
  let body: string;
  // A Kazakhstan phone number: +7 and 8 are the same prefix (+7 701… and 8 701…).
  if (/^(\+?7|8)\d{10}$/.test(core.join('')) && /^\d+$/.test(digits)) {
    body = String.raw`(?:\+?7|8)` + separators + [...digits.slice(1)].map(escape).join(separators);
  } else {
    body = core.map(escape).join(separators);
  }
  // Not inside a longer word or number: "Ali" is not destroyed out of "Alibek".
  return new RegExp(String.raw`(?<![\p{L}\p{N}])` + body + String.raw`(?![\p{L}\p{N}])`, 'giu');
}

const htmlEscape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * The subject's e-mails, kept and queued: read once for every destroyed item, so by their own index
 * (migration 0035), never by a scan of the whole outbox (2.2 s at three million e-mails).
 */
export const subjectEmailsQuery = (tx: DbOrTx, subjectId: string) =>
  tx.select().from(outgoingEmails).where(eq(outgoingEmails.subjectId, subjectId));

export async function scrubDestroyedValue(tx: Tx, subjectId: string, value: string) {
  const pattern = destroyedValuePattern(value);
  if (!pattern) return;
  const htmlPattern = destroyedValuePattern(htmlEscape(value)) ?? pattern;
  const [subject] = await tx.select({ locale: subjects.locale }).from(subjects).where(eq(subjects.id, subjectId));
  const marker = translatorFor(subject?.locale ?? 'kk')('requests.destroyedMarker');
  const scrub = (text: string | null) => (text === null ? null : text.replace(pattern, marker));
  const changed = (before: string | null) => before !== null && scrub(before) !== before;

  const subjectRequests = await tx
    .select({
      id: requests.id,
      description: requests.description,
      outcome: requests.outcome,
      refusalText: requests.refusalText,
    })
    .from(requests)
    .where(eq(requests.subjectId, subjectId));
  for (const r of subjectRequests) {
    if (!changed(r.description) && !changed(r.outcome) && !changed(r.refusalText)) continue;
    await tx
      .update(requests)
      .set({ description: scrub(r.description), outcome: scrub(r.outcome), refusalText: scrub(r.refusalText) })
      .where(eq(requests.id, r.id));
  }
  const ids = subjectRequests.map((r) => r.id);
  if (ids.length > 0) {
    const proposed = await tx
      .select({ id: requestItems.id, proposedValue: requestItems.proposedValue })
      .from(requestItems)
      .where(and(inArray(requestItems.requestId, ids), isNotNull(requestItems.proposedValue)));
    for (const item of proposed.filter((p) => changed(p.proposedValue))) {
      await tx
        .update(requestItems)
        .set({ proposedValue: scrub(item.proposedValue) })
        .where(eq(requestItems.id, item.id));
    }
    const bodies = await tx
      .select({ id: requestEvents.id, body: requestEvents.body })
      .from(requestEvents)
      .where(and(inArray(requestEvents.requestId, ids), isNotNull(requestEvents.body)));
    for (const event of bodies.filter((e) => changed(e.body))) {
      await tx
        .update(requestEvents)
        .set({ body: scrub(event.body) })
        .where(eq(requestEvents.id, event.id));
    }
  }
  const emails = await subjectEmailsQuery(tx, subjectId);
  for (const email of emails) {
    const subjectLine = scrub(email.subject)!;
    const textBody = scrub(email.textBody)!;
    const htmlBody = email.htmlBody.replace(htmlPattern, marker).replace(pattern, marker);
    if (subjectLine === email.subject && textBody === email.textBody && htmlBody === email.htmlBody) continue;
    await tx
      .update(outgoingEmails)
      .set({ subject: subjectLine, textBody, htmlBody })
      .where(eq(outgoingEmails.id, email.id));
  }
  const subjectLetters = await tx
    .select({ id: letters.id, title: letters.title, body: letters.body, postalAddress: letters.postalAddress })
    .from(letters)
    .where(eq(letters.subjectId, subjectId));
  for (const letter of subjectLetters) {
    if (!changed(letter.title) && !changed(letter.body) && !changed(letter.postalAddress)) continue;
    await tx
      .update(letters)
      .set({ title: scrub(letter.title)!, body: scrub(letter.body)!, postalAddress: scrub(letter.postalAddress) })
      .where(eq(letters.id, letter.id));
  }
}
