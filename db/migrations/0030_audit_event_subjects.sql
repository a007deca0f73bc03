CREATE TABLE "audit_event_subjects" (
	"event_id" bigint NOT NULL,
	"subject_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	CONSTRAINT "audit_event_subjects_event_id_subject_id_pk" PRIMARY KEY("event_id","subject_id")
);
--> statement-breakpoint
CREATE INDEX "audit_event_subjects_subject_id_event_id_index" ON "audit_event_subjects" USING btree ("subject_id","event_id");--> statement-breakpoint
-- Issue 15: a queue export with names wrote one chained audit event per subject named (90,000 in
-- an export of the open queue, 18 s). Now one event per batch of up to 5,000 rows, and these rows
-- name the batch's subjects, each with the request they are listed with first. The event's details
-- hold {subjects: {count, sha256}} of its rows (sha256 of the lines "subject:request" in subject
-- order, joined by newlines), so the chain covers them (lib/audit/verify.ts). Append-only as
-- audit_events (migration 0001) and granted so (db/roles.ts: APPEND_ONLY_TABLES).
CREATE TRIGGER audit_event_subjects_no_update BEFORE UPDATE OR DELETE ON audit_event_subjects
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_event_subjects_no_truncate BEFORE TRUNCATE ON audit_event_subjects
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
-- Each subject's events: their own rows, and each event naming them here shown as the per-subject
-- event it stands for (entity the request, details without the batch's checksum). Both halves are
-- plain enough that a reader's "subject_id = $1 AND id < $2 ORDER BY id DESC LIMIT n" goes into
-- each (audit_events (subject_id, id) and its operator partial index; this table's (subject_id,
-- event_id)) and the halves merge in id order.
CREATE VIEW subject_audit_events AS
  SELECT id, at, actor_id, actor_role, subject_id, action, entity_type, entity_id, reason, details,
         client_address, user_agent
  FROM audit_events
  WHERE subject_id IS NOT NULL
  UNION ALL
  SELECT l.event_id, e.at, e.actor_id, e.actor_role, l.subject_id, e.action, 'request'::text,
         l.request_id::text, e.reason, e.details - 'subjects', e.client_address, e.user_agent
  FROM audit_event_subjects l
  JOIN audit_events e ON e.id = l.event_id;
