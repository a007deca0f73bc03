-- Issue 15: a transaction's events were chained one by one at its commit (migration 0023): for each
-- pending row a deferred trigger inserted it into audit_events, whose row trigger took the lock,
-- read the chain's last row, hashed, and the row was then deleted from audit_events_pending: about
-- 250 µs an event, 18 s for the 90,000 subjects a queue export with names tells (bench/queue-export.ts).
-- Now the transaction's first pending row to fire chains all of them: one read of the chain's last
-- row under the lock, each row's id, time and hash computed in one loop in the order written, one
-- INSERT of them all and one DELETE. The other rows' firings find their row gone and return. The
-- chain is the same as before, row by row (audit_event_hash, one line in commit order, no gaps).
CREATE OR REPLACE FUNCTION audit_events_pending_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  e audit_events;
  chained audit_events[] := '{}';
  p audit_events_pending;
  last_seq bigint;
BEGIN
  -- Chained already by this transaction's first firing. Only this transaction's rows are visible
  -- here: another's are uncommitted, or were moved and deleted before it committed.
  PERFORM 1 FROM audit_events_pending WHERE seq = NEW.seq;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('derbes.audit_events.chain'));
  SELECT id, hash INTO e.id, e.hash FROM audit_events ORDER BY id DESC LIMIT 1;
  e.id := coalesce(e.id, 0);
  FOR p IN SELECT * FROM audit_events_pending ORDER BY seq LOOP
    e.prev_hash := e.hash;
    e.id := e.id + 1;
    e.at := clock_timestamp();
    e.actor_id := p.actor_id;
    e.actor_role := p.actor_role;
    e.subject_id := p.subject_id;
    e.action := p.action;
    e.entity_type := p.entity_type;
    e.entity_id := p.entity_id;
    e.reason := p.reason;
    e.details := p.details;
    e.client_address := p.client_address;
    e.user_agent := p.user_agent;
    e.hash := audit_event_hash(e);
    chained := chained || e;
    last_seq := p.seq;
  END LOOP;
  INSERT INTO audit_events SELECT * FROM unnest(chained);
  DELETE FROM audit_events_pending WHERE seq <= last_seq;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A row inserted by audit_events_pending_chain above comes numbered, timed and hashed, under the
-- chain's lock: it is taken as it is. Only a trigger inserts at a depth above one, and that
-- function is the only trigger that writes audit_events (no role but the owner makes triggers);
-- any other insert, the portal's role writing audit_events directly included, is still chained
-- here, its own id, time and hashes overwritten.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_id bigint;
  last_hash text;
BEGIN
  IF pg_trigger_depth() > 1 AND NEW.id > 0 THEN
    RETURN NEW;
  END IF;
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
-- Issue 15: "overdue" in an order by registration is bounded by the shortest term among open
-- requests (migration 0026); the terms differ by type (ACCESS 3 working days, WITHDRAW 15, RECTIFY
-- 1), so the bound is now each type's own, one entry of this index (db/queries/queue.ts).
DROP INDEX "requests_open_term";--> statement-breakpoint
CREATE INDEX "requests_open_term" ON "requests" USING btree ("type",("due_at" - "registered_at")) WHERE is_open and "requests"."due_at" > "requests"."registered_at";
