ALTER TYPE "public"."audit_action" ADD VALUE 'letter_posted' BEFORE 'destruction_listed';--> statement-breakpoint
CREATE TABLE "letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"request_id" uuid,
	"transfer_id" uuid,
	"incident_id" uuid,
	"locale" "locale" NOT NULL,
	"recipient_name" text,
	"postal_address" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_at" timestamp with time zone,
	"posted_by_id" text,
	CONSTRAINT "letters_posted_by" CHECK ("letters"."posted_at" is null or "letters"."posted_by_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "subjects" ADD COLUMN "postal_address" text;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_posted_by_id_users_id_fk" FOREIGN KEY ("posted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letters_pending" ON "letters" USING btree ("created_at") WHERE "letters"."posted_at" is null;--> statement-breakpoint
CREATE INDEX "letters_subject_id_index" ON "letters" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "letters_transfer_id_index" ON "letters" USING btree ("transfer_id");