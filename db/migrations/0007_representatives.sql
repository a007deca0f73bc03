CREATE TYPE "public"."authority_state" AS ENUM('unverified', 'confirmed', 'not_confirmed');--> statement-breakpoint
CREATE TYPE "public"."representative_relationship" AS ENUM('parent', 'guardian', 'power_of_attorney');--> statement-breakpoint
CREATE TABLE "request_representatives" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"representative_subject_id" uuid,
	"full_name" text NOT NULL,
	"represented_name" text,
	"relationship" "representative_relationship" NOT NULL,
	"subject_was_known" boolean DEFAULT true NOT NULL,
	"authority" "authority_state" DEFAULT 'unverified' NOT NULL,
	"verified_by_id" text,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_representatives_name" CHECK (length(trim("request_representatives"."full_name")) > 0),
	CONSTRAINT "request_representatives_verified" CHECK (("request_representatives"."authority" = 'unverified') = ("request_representatives"."verified_at" is null))
);
--> statement-breakpoint
ALTER TABLE "request_representatives" ADD CONSTRAINT "request_representatives_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_representatives" ADD CONSTRAINT "request_representatives_representative_subject_id_subjects_id_fk" FOREIGN KEY ("representative_subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_representatives" ADD CONSTRAINT "request_representatives_verified_by_id_users_id_fk" FOREIGN KEY ("verified_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_representatives_representative_subject_id_index" ON "request_representatives" USING btree ("representative_subject_id");