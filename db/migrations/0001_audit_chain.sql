-- The audit log is append-only and tamper-evident (reference O15, Art. 22(1)(5)).
-- Every row's hash covers the previous row's hash and the row itself, as a JSON array so that no
-- two different rows serialize alike. lib/audit/verify.ts recomputes the chain with this function.
CREATE OR REPLACE FUNCTION audit_event_hash(e audit_events) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    e.prev_hash, e.id, (extract(epoch FROM e.at) * 1000000)::bigint, e.actor_id, e.actor_role::text,
    e.subject_id, e.action::text, e.entity_type, e.entity_id, e.reason, e.details
  )::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Rows are numbered and chained under a transaction-level lock, so they form one line in commit
-- order even when many transactions write at once (read committed: each statement sees the last commit).
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_id bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('derbes.audit_events.chain'));
  SELECT id, hash INTO last_id, last_hash FROM audit_events ORDER BY id DESC LIMIT 1;
  NEW.id := coalesce(last_id, 0) + 1;
  NEW.prev_hash := last_hash;
  NEW.at := clock_timestamp();
  NEW.hash := audit_event_hash(NEW);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
