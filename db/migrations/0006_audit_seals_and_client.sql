CREATE TABLE "audit_seals" (
	"day" date PRIMARY KEY NOT NULL,
	"last_event_id" bigint NOT NULL,
	"last_hash" char(64) NOT NULL,
	"key_id" char(16) NOT NULL,
	"seal" char(64) NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "client_address" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "user_agent" text;--> statement-breakpoint
-- The client's address and user agent are part of an event's hash when it has them; an event
-- without them hashes exactly as before (migration 0001), so chains written earlier still verify.
CREATE OR REPLACE FUNCTION audit_event_hash(e audit_events) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to((
    jsonb_build_array(
      e.prev_hash, e.id, (extract(epoch FROM e.at) * 1000000)::bigint, e.actor_id, e.actor_role::text,
      e.subject_id, e.action::text, e.entity_type, e.entity_id, e.reason, e.details
    ) || CASE WHEN e.client_address IS NULL AND e.user_agent IS NULL THEN '[]'::jsonb
              ELSE jsonb_build_array(e.client_address, e.user_agent) END
  )::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Seals are append-only like the events they seal (the portal's role is also granted no UPDATE or
-- DELETE on them, db/roles.ts).
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
