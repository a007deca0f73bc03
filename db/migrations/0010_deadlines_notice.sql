CREATE TABLE "statutory_deadlines" (
	"code" "deadline_code" PRIMARY KEY NOT NULL,
	"working_days" integer NOT NULL,
	"source" text NOT NULL,
	"source_label" jsonb NOT NULL,
	"max_extension_working_days" integer DEFAULT 0 NOT NULL,
	"extension_source" text,
	CONSTRAINT "statutory_deadlines_source_label_localized" CHECK (coalesce(jsonb_typeof("statutory_deadlines"."source_label"->'kk') = 'string' and jsonb_typeof("statutory_deadlines"."source_label"->'ru') = 'string' and jsonb_typeof("statutory_deadlines"."source_label"->'en') = 'string', false)),
	CONSTRAINT "statutory_deadlines_days_positive" CHECK ("statutory_deadlines"."working_days" > 0),
	CONSTRAINT "statutory_deadlines_extension_has_source" CHECK ("statutory_deadlines"."max_extension_working_days" = 0 or "statutory_deadlines"."extension_source" is not null)
);
--> statement-breakpoint
CREATE TABLE "privacy_notice_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by_id" text,
	"snapshot" jsonb NOT NULL,
	CONSTRAINT "privacy_notice_versions_positive" CHECK ("privacy_notice_versions"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "description_ru" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "measures_ru" text;--> statement-breakpoint
ALTER TABLE "operator_profile" ADD COLUMN "storage_abroad_reason" text;--> statement-breakpoint
ALTER TABLE "privacy_notice_versions" ADD CONSTRAINT "privacy_notice_versions_approved_by_id_users_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_profile" ADD CONSTRAINT "operator_profile_storage_abroad_reason" CHECK ("operator_profile"."storage_country" = 'KZ' or length(trim(coalesce("operator_profile"."storage_abroad_reason", ''))) > 0);--> statement-breakpoint
-- hand-written: deadlines-notice
-- A deadline policy may shorten the statutory deadline, never lengthen it, and allow an extension
-- only as far as the statute does (lib/calendar/change.ts refuses it first with a localized message;
-- this is the last line). A CHECK cannot read another table, hence a trigger.
CREATE FUNCTION deadline_policy_within_statute() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE statute statutory_deadlines%ROWTYPE;
BEGIN
  SELECT * INTO statute FROM statutory_deadlines WHERE code = NEW.code;
  IF FOUND AND (NEW.working_days > statute.working_days OR NEW.max_extension_working_days > statute.max_extension_working_days) THEN
    RAISE EXCEPTION 'deadline policy % exceeds the statutory deadline (% working days, % extension)', NEW.code, statute.working_days, statute.max_extension_working_days
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER deadline_policies_within_statute BEFORE INSERT OR UPDATE ON deadline_policies
  FOR EACH ROW EXECUTE FUNCTION deadline_policy_within_statute();
