-- The requests' copy of their subject's name and address (migration 0037) in lower case: the queue
-- matches a search against it with LIKE and the search lower-cased once, where ILIKE folded the case
-- of every row it tested (0.7 µs a row on Cyrillic text against 0.2 µs, bench/RESULTS.md round 19).
-- The same folding (the database's lower()) on both sides: the rows matched are ILIKE's.
CREATE OR REPLACE FUNCTION subject_search_text(full_name text, email text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT lower(concat_ws(E'\n', full_name, email))
$$;
--> statement-breakpoint
-- Every copy written again (the requests' trigger recomputes it from the subject): without the
-- index, rebuilt once after rather than entry by entry.
DROP INDEX "requests_open_subject_search_trgm";--> statement-breakpoint
UPDATE requests SET subject_search = subject_search WHERE subject_search IS DISTINCT FROM lower(subject_search);--> statement-breakpoint
CREATE INDEX "requests_open_subject_search_trgm" ON "requests" USING gin ("subject_search" gin_trgm_ops) WHERE is_open;
