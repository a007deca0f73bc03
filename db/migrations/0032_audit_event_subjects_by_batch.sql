-- Issue 15: a queue export with names wrote its rows here under the audit chain's lock. They were
-- keyed by their event's id, which exists only once the event is chained (at commit, migration
-- 0023), so each batch chained its event early (SET CONSTRAINTS … IMMEDIATE) and held the chain's
-- lock while inserting up to 5,000 rows: every other write of the portal waited 0.1–0.2 s a batch.
-- Now the rows are keyed by a batch id (a random uuid) that the event's details carry
-- (details.subjects = {batch, count, sha256}): they are written before their event, which is
-- chained at commit as any other. An event is found from its rows by audit_event_batch(id,
-- details): its details' batch, or, for an event written before this migration, a uuid made from
-- its id, which is what its rows get here. Nothing of an event changes, so the chain is untouched.
CREATE FUNCTION audit_event_batch(id bigint, details jsonb) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce((details -> 'subjects' ->> 'batch')::uuid, md5('audit_event_subjects:' || id)::uuid)
$$;
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_batch_index" ON "audit_events" (audit_event_batch(id, details)) WHERE details ? 'subjects';
--> statement-breakpoint
DROP VIEW subject_audit_events;
--> statement-breakpoint
ALTER TABLE "audit_event_subjects" ADD COLUMN "batch_id" uuid;
--> statement-breakpoint
-- The rows written so far get their event's batch; the table is append-only for everyone else.
ALTER TABLE "audit_event_subjects" DISABLE TRIGGER audit_event_subjects_no_update;
--> statement-breakpoint
UPDATE "audit_event_subjects" SET "batch_id" = md5('audit_event_subjects:' || "event_id")::uuid;
--> statement-breakpoint
ALTER TABLE "audit_event_subjects" ENABLE TRIGGER audit_event_subjects_no_update;
--> statement-breakpoint
ALTER TABLE "audit_event_subjects" ALTER COLUMN "batch_id" SET NOT NULL;
--> statement-breakpoint
DROP INDEX "audit_event_subjects_subject_id_event_id_index";
--> statement-breakpoint
ALTER TABLE "audit_event_subjects" DROP CONSTRAINT "audit_event_subjects_event_id_subject_id_pk";
--> statement-breakpoint
ALTER TABLE "audit_event_subjects" ADD CONSTRAINT "audit_event_subjects_batch_id_subject_id_pk" PRIMARY KEY("batch_id","subject_id");
--> statement-breakpoint
CREATE INDEX "audit_event_subjects_subject_id_batch_id_index" ON "audit_event_subjects" USING btree ("subject_id","batch_id");
--> statement-breakpoint
ALTER TABLE "audit_event_subjects" DROP COLUMN "event_id";
--> statement-breakpoint
-- As in migration 0030, the events naming a subject through these rows, each shown as the
-- per-subject event it stands for. A subject's rows (one per export with names that listed them)
-- are read by (subject_id, batch_id) and each finds its event by audit_events_batch_index: the
-- rows carry no event order, so a reader newest first takes all of a subject's rows and sorts
-- their events, a few per subject.
CREATE VIEW subject_audit_events AS
  SELECT id, at, actor_id, actor_role, subject_id, action, entity_type, entity_id, reason, details,
         client_address, user_agent
  FROM audit_events
  WHERE subject_id IS NOT NULL
  UNION ALL
  SELECT e.id, e.at, e.actor_id, e.actor_role, l.subject_id, e.action, 'request'::text,
         l.request_id::text, e.reason, e.details - 'subjects', e.client_address, e.user_agent
  FROM audit_event_subjects l
  JOIN audit_events e ON audit_event_batch(e.id, e.details) = l.batch_id AND e.details ? 'subjects';
