-- Issue 15: the working calendar, the deadline policies and the statutory deadlines were read on
-- every filing and execution (three statements, and the calendar rebuilt each time). Each server
-- process now keeps them (lib/deadlines/reference-cache.ts) and drops its copy on this
-- notification, sent at the commit of any write to these tables: the back office's, a seed's, a
-- test's or a manual UPDATE's alike, so no writer can forget to announce it.
CREATE OR REPLACE FUNCTION reference_data_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('derbes_reference_data', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER calendar_days_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION reference_data_changed();
--> statement-breakpoint
CREATE TRIGGER deadline_policies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON deadline_policies
  FOR EACH STATEMENT EXECUTE FUNCTION reference_data_changed();
--> statement-breakpoint
CREATE TRIGGER statutory_deadlines_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON statutory_deadlines
  FOR EACH STATEMENT EXECUTE FUNCTION reference_data_changed();
