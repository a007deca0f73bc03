CREATE TYPE "public"."consent_event" AS ENUM('given', 'withdrawn', 'expired', 'publication_given', 'publication_refused');--> statement-breakpoint
CREATE TABLE "consent_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "consent_records_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"consent_id" uuid,
	"subject_id" uuid NOT NULL,
	"event" "consent_event" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"content" jsonb NOT NULL,
	"notice_version" text NOT NULL,
	"locale" text NOT NULL,
	"channel" "consent_channel" NOT NULL,
	"actor_role" "actor_role" NOT NULL,
	"actor_id" uuid,
	"prev_sha256" char(64),
	"sha256" char(64) NOT NULL,
	CONSTRAINT "consent_records_consent" CHECK (("consent_records"."event" = 'publication_refused') = ("consent_records"."consent_id" is null)),
	CONSTRAINT "consent_records_hash" CHECK ("consent_records"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "consent_records_prev_hash" CHECK ("consent_records"."prev_sha256" is null or "consent_records"."prev_sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "consent_records_locale" CHECK ("consent_records"."locale" in ('kk', 'ru', 'en'))
);
--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_records_subject_id_seq_index" ON "consent_records" USING btree ("subject_id","seq");--> statement-breakpoint
CREATE INDEX "consent_records_consent_id_index" ON "consent_records" USING btree ("consent_id");--> statement-breakpoint
-- hand-written: consent records
-- Art. 22(1)(5), ISO/IEC TS 27560: a consent record is evidence; once written it is never changed
-- nor removed (db/roles.ts also revokes UPDATE and DELETE from the application role).
CREATE OR REPLACE FUNCTION consent_records_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'consent records are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER consent_records_no_update BEFORE UPDATE OR DELETE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION consent_records_append_only();
--> statement-breakpoint
CREATE TRIGGER consent_records_no_truncate BEFORE TRUNCATE ON consent_records
  FOR EACH STATEMENT EXECUTE FUNCTION consent_records_append_only();
