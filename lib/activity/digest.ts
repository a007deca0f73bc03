import { and, asc, eq, gt, max, ne } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { auditEvents, subjectAuditEvents } from '@/db/schema/audit';
import { subjects } from '@/db/schema/subjects';
import { describeTargets } from '@/lib/activity/feed';
import { emailSubject } from '@/lib/mail/subject-email';
import { renderActivityDigest } from '@/lib/mail/templates/activity-digest';

/**
 * Art. 8-2(2): subjects are told of actions with their data. New audit events about a subject,
 * done by someone else, are grouped into at most one e-mail an hour, unless the subject turned
 * this off. A subject's first run only marks where the digest starts: history is not e-mailed.
 * Events naming them among many (a queue export's batch) count as theirs: subject_audit_events.
 */
const MIN_INTERVAL_MS = 60 * 60 * 1000;

export async function sendActivityDigests(db: Db, now = new Date()): Promise<number> {
  const due = await db.execute<{ id: string }>(sql`
    select s.id from subjects s
    where s.notify_activity and s.email is not null
      and (s.activity_digest_sent_at is null or s.activity_digest_sent_at <= ${new Date(now.getTime() - MIN_INTERVAL_MS).toISOString()})
      and (s.activity_digest_last_event_id is null or exists (
        select 1 from subject_audit_events e
        where e.subject_id = s.id and e.id > s.activity_digest_last_event_id and e.actor_role <> 'subject'))
    limit 200`);
  let sent = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [subject] = await tx.select().from(subjects).where(eq(subjects.id, id)).for('update', { skipLocked: true });
      if (!subject?.email) return false;
      // Another worker may have sent this subject's digest since the list above was read.
      if (subject.activityDigestSentAt && subject.activityDigestSentAt.getTime() > now.getTime() - MIN_INTERVAL_MS)
        return false;
      if (subject.activityDigestLastEventId == null) {
        const [latest] = await tx.select({ id: max(auditEvents.id) }).from(auditEvents);
        await tx
          .update(subjects)
          .set({ activityDigestLastEventId: latest?.id ?? 0 })
          .where(eq(subjects.id, id));
        return false;
      }
      const events = await tx
        .select({
          id: subjectAuditEvents.id,
          at: subjectAuditEvents.at,
          actorRole: subjectAuditEvents.actorRole,
          action: subjectAuditEvents.action,
          entityType: subjectAuditEvents.entityType,
          entityId: subjectAuditEvents.entityId,
          reason: subjectAuditEvents.reason,
          details: subjectAuditEvents.details,
        })
        .from(subjectAuditEvents)
        .where(
          and(
            eq(subjectAuditEvents.subjectId, id),
            gt(subjectAuditEvents.id, subject.activityDigestLastEventId),
            ne(subjectAuditEvents.actorRole, 'subject'),
          ),
        )
        .orderBy(asc(subjectAuditEvents.id));
      if (events.length === 0) return false;

      // Each line names the categories of data it concerns, as the activity page does (never a value).
      const described = await describeTargets(tx, id, events);
      await emailSubject(tx, id, {
        kind: 'activity_digest',
        render: (context) => renderActivityDigest(context, described),
      });
      await tx
        .update(subjects)
        .set({ activityDigestSentAt: now, activityDigestLastEventId: events.at(-1)!.id })
        .where(eq(subjects.id, id));
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
