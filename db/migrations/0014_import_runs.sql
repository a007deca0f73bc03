CREATE TABLE "import_file_chunks" (
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "import_file_chunks_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"encoding" text DEFAULT 'auto' NOT NULL,
	"file_bytes" bigint DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'uploaded' NOT NULL,
	"report" jsonb,
	"result" jsonb,
	"failure" text,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"last_committed_line" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_by_id" text NOT NULL,
	"started_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_runs_kind" CHECK ("import_runs"."kind" in ('subjects', 'items')),
	CONSTRAINT "import_runs_format" CHECK ("import_runs"."format" in ('csv', 'xlsx')),
	CONSTRAINT "import_runs_encoding" CHECK ("import_runs"."encoding" in ('auto', 'utf-8', 'windows-1251')),
	CONSTRAINT "import_runs_state" CHECK ("import_runs"."state" in ('uploaded', 'checking', 'checked', 'running', 'done', 'failed', 'cancelled')),
	CONSTRAINT "import_runs_started" CHECK ("import_runs"."state" not in ('running', 'done') or "import_runs"."started_by_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "import_file_chunks" ADD CONSTRAINT "import_file_chunks_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_started_by_id_users_id_fk" FOREIGN KEY ("started_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_runs_due" ON "import_runs" USING btree ("created_at") WHERE "import_runs"."state" in ('checking', 'running');--> statement-breakpoint
CREATE INDEX "import_runs_created_at_index" ON "import_runs" USING btree ("created_at");