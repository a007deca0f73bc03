-- The queue's search by a subject's name or e-mail address, read from the open requests alone
-- (issue 15): each request holds its subject's name and address, a line each, kept here by the
-- database rather than by the portal, so that no path that writes a request or changes a subject
-- can leave it stale.
ALTER TABLE "requests" ADD COLUMN "subject_search" text;--> statement-breakpoint
-- One place for the text's shape: the name, then the address, on lines of their own (a search
-- text, one line, cannot match across them).
CREATE OR REPLACE FUNCTION subject_search_text(full_name text, email text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(E'\n', full_name, email)
$$;
--> statement-breakpoint
-- A request written, or moved to another subject: its subject's text now. FOR SHARE waits for a
-- change of that subject's name or address not yet committed and reads the changed row, and makes
-- such a change wait for this request: whichever commits second, the request ends with the text the
-- subject has (the subjects trigger below updates the requests it can see).
CREATE OR REPLACE FUNCTION requests_subject_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT subject_search_text(s.full_name, s.email::text) INTO NEW.subject_search
  FROM subjects s WHERE s.id = NEW.subject_id FOR SHARE;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER requests_subject_search BEFORE INSERT OR UPDATE OF subject_id, subject_search ON requests
  FOR EACH ROW EXECUTE FUNCTION requests_subject_search();
--> statement-breakpoint
-- A subject's name or address changed (a rectification, an import, an erasure): their requests
-- carry the new text, or none of the old.
CREATE OR REPLACE FUNCTION subjects_subject_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE requests SET subject_search = subject_search_text(NEW.full_name, NEW.email::text)
  WHERE subject_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER subjects_subject_search AFTER UPDATE OF full_name, email ON subjects
  FOR EACH ROW
  WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION subjects_subject_search();
--> statement-breakpoint
UPDATE requests r SET subject_search = subject_search_text(s.full_name, s.email::text)
FROM subjects s WHERE s.id = r.subject_id;--> statement-breakpoint
CREATE INDEX "requests_open_subject_search_trgm" ON "requests" USING gin ("subject_search" gin_trgm_ops) WHERE is_open;
--> statement-breakpoint
-- A view of one open state in the other orders, by registration or by type (db/queries/queue.ts).
CREATE INDEX "requests_open_state_registered" ON "requests" USING btree ("state","registered_at","id") WHERE is_open;--> statement-breakpoint
CREATE INDEX "requests_open_state_type_due" ON "requests" USING btree ("state","type","due_at","id") WHERE is_open;--> statement-breakpoint
-- The queue's search by name or address reads requests_open_subject_search_trgm now;
-- requests_open_subject (the open requests by subject), which it read once it had found the
-- subjects, serves nothing else.
DROP INDEX "requests_open_subject";
