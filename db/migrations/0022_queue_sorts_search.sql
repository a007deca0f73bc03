CREATE INDEX "requests_open_registered" ON "requests" USING btree ("registered_at","id") WHERE is_open;--> statement-breakpoint
CREATE INDEX "requests_registered" ON "requests" USING btree ("registered_at","id");--> statement-breakpoint
CREATE INDEX "requests_reference_trgm" ON "requests" USING gin ("reference" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "subjects_email_trgm" ON "subjects" USING gin (("email"::text) gin_trgm_ops);