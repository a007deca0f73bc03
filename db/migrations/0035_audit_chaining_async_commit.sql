-- Issue 15, point 3: the chaining transaction (migration 0034, db/audit-chain.ts) commits without
-- waiting for its WAL flush (synchronous_commit off, for that transaction only). Every execution and
-- filing paid a second flush after its own: the chainer's commit, which its writer awaits, so a
-- quarter of an execution's busy samples waited on IO:WalSync with a core idle (bench/writes.ts).
--
-- What a crash can lose is only the chaining, never an event. The pending rows committed durably in
-- the change's own transaction (synchronous, as every other transaction of the portal); a chaining
-- moves them into audit_events. If the server crashes before the chaining's commit reaches the
-- disk, recovery ends without it: the rows are back in audit_events_pending as they were, and the
-- next chaining (the portal's next write, the worker's sweep at start and every few seconds) chains
-- them again. The chain then holds them under other numbers and times than a reader may have seen
-- for a moment, still one line without gaps. WAL is written and flushed in order, so no durable
-- commit after a lost chaining can survive it: a later chaining, or a later change whose page showed
-- the event, is lost with it (a later synchronous commit flushes the chaining's record before its
-- own). What is written outside the database from the chain must wait for the flush first: the
-- daily seal (lib/audit/seals.ts) waits until the WAL is flushed past the head it seals before it
-- appends the line to its file.
--
-- Only when the chaining is its transaction's first write: a caller that wrote in the same
-- transaction before calling it keeps its synchronous commit (its own writes are not this
-- function's to weaken). The portal's chainer sends it alone (with its NOTIFYs).
CREATE OR REPLACE FUNCTION chain_audit_events() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NULL THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('derbes.audit_events.chain'));
  DELETE FROM audit_events_pending;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
