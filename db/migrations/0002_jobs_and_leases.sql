CREATE TABLE "job_runs" (
	"job" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"outcome" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"summary" text,
	"runner" text NOT NULL,
	CONSTRAINT "job_runs_job_slot_pk" PRIMARY KEY("job","slot"),
	CONSTRAINT "job_runs_outcome" CHECK ("job_runs"."outcome" in ('running', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "outgoing_emails" ADD COLUMN "locked_by" text;--> statement-breakpoint
CREATE INDEX "outgoing_emails_failed" ON "outgoing_emails" USING btree ("id") WHERE "outgoing_emails"."state" = 'failed';--> statement-breakpoint
CREATE INDEX "outgoing_emails_pending_age" ON "outgoing_emails" USING btree ("created_at") WHERE "outgoing_emails"."state" = 'pending';