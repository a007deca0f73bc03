CREATE INDEX "requests_open_assignee_registered" ON "requests" USING btree ("assignee_id","registered_at","id") WHERE is_open;--> statement-breakpoint
CREATE INDEX "requests_open_assignee_type_due" ON "requests" USING btree ("assignee_id","type","due_at","id") WHERE is_open;--> statement-breakpoint
CREATE INDEX "requests_open_type_registered" ON "requests" USING btree ("type","registered_at","id") WHERE is_open;--> statement-breakpoint
CREATE INDEX "requests_open_subject" ON "requests" USING btree ("subject_id") WHERE is_open;