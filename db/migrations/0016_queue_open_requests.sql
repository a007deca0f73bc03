DROP INDEX "requests_assignee_id_due_at_index";--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "is_open" boolean GENERATED ALWAYS AS (state not in ('COMPLETED', 'PARTIALLY_COMPLETED', 'REFUSED', 'WITHDRAWN', 'FORWARDED')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "requests_assignee_due" ON "requests" USING btree ("assignee_id","due_at","id");--> statement-breakpoint
CREATE INDEX "requests_open_due" ON "requests" USING btree ("due_at","id") WHERE is_open;--> statement-breakpoint
CREATE INDEX "requests_open_type_due" ON "requests" USING btree ("type","due_at","id") WHERE is_open;--> statement-breakpoint
CREATE INDEX "requests_open_assignee_due" ON "requests" USING btree ("assignee_id","due_at","id") WHERE is_open;