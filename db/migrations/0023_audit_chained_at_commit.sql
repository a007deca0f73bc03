CREATE TABLE "audit_events_pending" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_pending_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_id" text,
	"actor_role" "actor_role" NOT NULL,
	"subject_id" uuid,
	"action" "audit_action" NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"client_address" text,
	"user_agent" text
);
--> statement-breakpoint
-- Issue 15: the chain's lock (audit_events_chain, migration 0001) was taken at a transaction's first
-- audit event and held to its commit, so every write in the portal waited for the one before.
-- Events are now written here first and chained by a deferred trigger when the transaction
-- commits: each row, in the order written, goes into audit_events (whose trigger numbers and
-- chains it under the lock) and leaves this table. The lock is taken by the commit's last
-- statements; the change and its events still commit together or not at all.
CREATE OR REPLACE FUNCTION audit_events_pending_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (id, hash, actor_id, actor_role, subject_id, action, entity_type, entity_id, reason,
                            details, client_address, user_agent)
  VALUES (0, '', NEW.actor_id, NEW.actor_role, NEW.subject_id, NEW.action, NEW.entity_type, NEW.entity_id,
          NEW.reason, NEW.details, NEW.client_address, NEW.user_agent);
  DELETE FROM audit_events_pending WHERE seq = NEW.seq;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_events_pending_chain AFTER INSERT ON audit_events_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_events_pending_chain();
--> statement-breakpoint
-- Issue 15: a reference's number came from a counter row locked to commit, a second queue for
-- every filing. Each year now has a sequence, made on the year's first filing and started after
-- the counter's last number, which no transaction waits on. A filing that rolls back leaves its
-- number unused: the register has gaps, and may. The reference names a request, it does not count
-- them; that every filed request is in the register is shown by the audit chain (each has its
-- request_filed event, hash-linked, sealed each day), not by numbers following one another, and a
-- gap is a filing that never happened, nothing the subject was ever told. Numbers are unique.
-- SECURITY DEFINER: the portal's role may not create tables or sequences; this makes only these.
CREATE OR REPLACE FUNCTION next_request_number(y integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  name text := 'request_reference_' || y;
  start bigint;
BEGIN
  IF y NOT BETWEEN 2000 AND 2999 THEN
    RAISE EXCEPTION 'no request references for the year %', y;
  END IF;
  IF to_regclass(name) IS NULL THEN
    SELECT coalesce(max(last_number), 0) + 1 INTO start FROM request_reference_counters WHERE year = y;
    BEGIN
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I AS integer START %s', name, start);
    EXCEPTION WHEN unique_violation OR duplicate_table THEN
      -- Another transaction made it a moment ago. Taking a lock this transaction does not hold
      -- yet reads the catalog's news, so the name below finds the sequence just committed.
      LOCK TABLE request_reference_counters IN ROW SHARE MODE;
    END;
  END IF;
  RETURN nextval(name::regclass);
END
$$;
