-- Issue 15, point 3: every write in the portal waited for the one before on the chain's advisory
-- lock, which the deferred chaining (migrations 0023, 0027, 0029) took at the commit and held
-- through the commit's WAL flush (bench/writes.ts: 55% of a filing's busy connections waited on it).
-- Events are now chained after their transaction commits. The pending row still commits in the
-- change's own transaction, so a committed change always has its event; chaining it is a later,
-- separate transaction that moves committed pending rows into audit_events, in the order of their
-- numbers (seq), many writes' events in one chaining and one WAL flush. The chain's order is so
-- the order of chaining, not of commit (it never was the order of the writes' starts either); it
-- is still one line, without gaps, each row hashed over the one before (lib/audit/verify.ts).
--
-- Chaining is deleting: a DELETE of pending rows, by whoever sends it, chains exactly the rows it
-- deleted (the statement trigger below reads them from its transition table), so a pending event
-- can leave audit_events_pending only into the chain, never be dropped. chain_audit_events()
-- takes the chain's lock first and then deletes every committed pending row: the portal calls it
-- right after a write's commit (db/index.ts, db/audit-chain.ts: the writer waits for it, so the
-- page it lands on shows the event), and the worker's loop and the portal's start call it too,
-- which chains the rows a process that died between its commit and its chaining left behind.
-- An event's `at` is when it joined the chain: right after its commit, or, after such a crash,
-- when the sweep came (at stays in the chain's order, as before).
DROP TRIGGER audit_events_pending_chain ON audit_events_pending;
--> statement-breakpoint
DROP FUNCTION audit_events_pending_chain();
--> statement-breakpoint
CREATE FUNCTION audit_events_pending_chained() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  e audit_events;
  p audit_events_pending;
  chained audit_events[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('derbes.audit_events.chain'));
  SELECT id, hash INTO e.id, e.hash FROM audit_events ORDER BY id DESC LIMIT 1;
  e.id := coalesce(e.id, 0);
  FOR p IN SELECT * FROM taken ORDER BY seq LOOP
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
    chained := array_append(chained, e);
  END LOOP;
  -- Inserted from a trigger, numbered, timed and hashed under the chain's lock: audit_events_chain
  -- (migration 0027) takes them as they are.
  IF cardinality(chained) > 0 THEN
    INSERT INTO audit_events SELECT * FROM unnest(chained);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_pending_chained AFTER DELETE ON audit_events_pending
  REFERENCING OLD TABLE AS taken FOR EACH STATEMENT EXECUTE FUNCTION audit_events_pending_chained();
--> statement-breakpoint
-- The chainer: the lock first, so that chainers (of this process or another) take turns and each
-- deletes, so chains, every row committed before it got the lock. Returns how many it chained.
CREATE FUNCTION chain_audit_events() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('derbes.audit_events.chain'));
  DELETE FROM audit_events_pending;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
