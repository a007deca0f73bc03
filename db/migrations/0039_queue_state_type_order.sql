-- The queue's views of one state, of one type or of both, in each order, over the whole history
-- (db/queries/queue.ts, readOrder): a closed state is a view too, and a rare one (FORWARDED) was found
-- by walking the history's order, thousands of rows thrown away a row shown at a million requests.
-- The two indexes of the open requests' states are replaced by these, which hold the same rows for an
-- open state.
DROP INDEX "requests_open_state_registered";--> statement-breakpoint
DROP INDEX "requests_open_state_type_due";--> statement-breakpoint
CREATE INDEX "requests_state_registered" ON "requests" USING btree ("state","registered_at","id");--> statement-breakpoint
CREATE INDEX "requests_state_type_due" ON "requests" USING btree ("state","type","due_at","id");--> statement-breakpoint
CREATE INDEX "requests_state_type_registered" ON "requests" USING btree ("state","type","registered_at","id");--> statement-breakpoint
CREATE INDEX "requests_type_registered" ON "requests" USING btree ("type","registered_at","id");
