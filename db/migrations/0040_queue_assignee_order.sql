-- One person's requests (assigned to me, or to a colleague) in the queue's views over the history, of
-- one state, one type or both, in each order (db/queries/queue.ts, readOrder): the assignee is an
-- equality, so these give the view's order as one range for the person. Without them such a view
-- walked the state's or the type's range and threw away everyone else's requests. Only assigned
-- requests: "unassigned" and "anyone" never read these.
CREATE INDEX "requests_state_assignee_due" ON "requests" USING btree ("state","assignee_id","due_at","id") WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX "requests_state_assignee_registered" ON "requests" USING btree ("state","assignee_id","registered_at","id") WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX "requests_state_assignee_type_due" ON "requests" USING btree ("state","assignee_id","type","due_at","id") WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX "requests_state_assignee_type_registered" ON "requests" USING btree ("state","assignee_id","type","registered_at","id") WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX "requests_assignee_type_due" ON "requests" USING btree ("assignee_id","type","due_at","id") WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX "requests_assignee_type_registered" ON "requests" USING btree ("assignee_id","type","registered_at","id") WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX "requests_assignee_registered" ON "requests" USING btree ("assignee_id","registered_at","id") WHERE assignee_id is not null;
