-- Nobody's requests (assignee=none) due today in an order by registration: the due-today range is
-- read whole and sorted, and through the due indexes a third of it (the assigned) was read to be
-- thrown away; so was a third of a state's unassigned requests when counted. Unassigned requests
-- only: the assigned have theirs (0040).
CREATE INDEX "requests_open_unassigned_due" ON "requests" USING btree ("due_at","id") WHERE is_open and assignee_id is null;--> statement-breakpoint
CREATE INDEX "requests_unassigned_state_due" ON "requests" USING btree ("state","due_at","id") WHERE assignee_id is null;