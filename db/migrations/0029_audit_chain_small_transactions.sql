-- Issue 15: migration 0027 chained a transaction's events in one batch, but a transaction of one to
-- three events, the portal's usual write, then cost PostgreSQL more than the row-by-row chaining
-- before it (bench/audit-chain.ts: ~0.4 ms more a transaction). Its read of the pending rows,
-- `SELECT * FROM audit_events_pending ORDER BY seq`, is planned as a scan of the whole table and a
-- sort, and the table holds the dead rows of every commit since autovacuum last came: each commit
-- read them all (pg_stat_user_tables: one sequential scan a commit). Now the firing takes its own
-- row out by its key (the later firings of the same transaction find theirs gone and return); the
-- transaction's other rows, if any, lie between its number and the last number this session drew
-- from the table's sequence (currval: only this session draws for its transaction; another
-- transaction's rows in that range are not visible, and none stays past its commit), taken by one
-- DELETE … RETURNING on the key's index. A transaction's only row, the usual case, needs no second
-- statement: it is hashed from the trigger's own NEW and inserted as it is; several are chained in
-- one loop and one INSERT, as in 0027. The chain is the same (audit_event_hash, one line in commit
-- order, no gaps); audit_events_chain (0027) still re-chains any other insert. (currval needs SELECT
-- on the sequence, which db/roles.ts grants the application role on every sequence.)
CREATE OR REPLACE FUNCTION audit_events_pending_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  e audit_events;
  p audit_events_pending;
  later audit_events_pending[];
  last_seq bigint;
  chained audit_events[] := '{}';
BEGIN
  DELETE FROM audit_events_pending WHERE seq = NEW.seq;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  -- The firings come in the order the rows were written, so this is the transaction's first row
  -- still pending: the rest, if any, have larger numbers, up to the last this session drew.
  last_seq := currval('audit_events_pending_seq_seq'::regclass);
  IF last_seq > NEW.seq THEN
    WITH taken AS (
      DELETE FROM audit_events_pending WHERE seq > NEW.seq AND seq <= last_seq
      RETURNING audit_events_pending AS taken_row
    )
    SELECT array_agg(taken_row ORDER BY (taken_row).seq) INTO later FROM taken;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('derbes.audit_events.chain'));
  SELECT id, hash INTO e.id, e.hash FROM audit_events ORDER BY id DESC LIMIT 1;
  e.id := coalesce(e.id, 0);
  FOREACH p IN ARRAY array_prepend(NEW, later) LOOP
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
    IF later IS NULL THEN
      INSERT INTO audit_events VALUES (e.*);
      RETURN NULL;
    END IF;
    chained := array_append(chained, e);
  END LOOP;
  INSERT INTO audit_events SELECT * FROM unnest(chained);
  RETURN NULL;
END
$$;
