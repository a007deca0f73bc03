-- Extensions and the IIN check the tables below rely on (written by hand; the rest is drizzle-kit's).
CREATE EXTENSION IF NOT EXISTS citext;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- An IIN (and a BIN) is 12 digits whose last is a check digit: weights 1..11 mod 11, and if that
-- gives 10, weights 3..11,1,2 mod 11; a result of 10 again means the number is invalid.
CREATE OR REPLACE FUNCTION kz_iin_valid(iin text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH d AS (
    SELECT array(SELECT substr(iin, i, 1)::int FROM generate_series(1, 12) AS i) AS a
    WHERE iin ~ '^[0-9]{12}$'
  ), first AS (
    SELECT a, (SELECT sum(a[i] * i) FROM generate_series(1, 11) AS i) % 11 AS c FROM d
  ), final AS (
    SELECT a, CASE WHEN c = 10
      THEN (SELECT sum(a[i] * CASE WHEN i <= 9 THEN i + 2 ELSE i - 9 END) FROM generate_series(1, 11) AS i) % 11
      ELSE c END AS c
    FROM first
  )
  SELECT coalesce((SELECT c <> 10 AND c = a[12] FROM final), false)
$$;--> statement-breakpoint
CREATE TYPE "public"."actor_role" AS ENUM('subject', 'agent', 'dpo', 'admin', 'auditor', 'system');--> statement-breakpoint
CREATE TYPE "public"."audit_action" AS ENUM('data_viewed', 'data_changed', 'data_supplemented', 'data_transferred', 'data_blocked', 'data_unblocked', 'data_destroyed', 'data_exported', 'processing_stopped', 'consent_given', 'consent_withdrawn', 'consent_refused', 'consent_expired', 'request_filed', 'request_updated', 'attachment_opened', 'incident_recorded', 'destruction_listed', 'signed_in', 'calendar_changed', 'policy_changed', 'staff_changed');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('subject', 'agent', 'dpo', 'admin', 'auditor');--> statement-breakpoint
CREATE TYPE "public"."calendar_day_kind" AS ENUM('holiday', 'day_off', 'transferred_day_off', 'working_day');--> statement-breakpoint
CREATE TYPE "public"."deadline_code" AS ENUM('ACCESS', 'RECTIFY', 'BLOCK', 'DESTROY', 'WITHDRAW', 'PUBLIC_REMOVE', 'OBJECT_AUTO', 'UNBLOCK', 'TRANSFER_NOTICE', 'BREACH_NOTICE');--> statement-breakpoint
CREATE TYPE "public"."consent_channel" AS ENUM('portal', 'paper', 'state_service', 'email');--> statement-breakpoint
CREATE TYPE "public"."consent_state" AS ENUM('active', 'withdrawn', 'expired');--> statement-breakpoint
CREATE TYPE "public"."withdrawal_lock" AS ENUM('law', 'obligation');--> statement-breakpoint
CREATE TYPE "public"."access_level" AS ENUM('public', 'restricted');--> statement-breakpoint
CREATE TYPE "public"."cross_border_basis" AS ENUM('adequate_protection', 'consent', 'treaty', 'law', 'vital_interests');--> statement-breakpoint
CREATE TYPE "public"."legal_basis_kind" AS ENUM('consent', 'contract', 'law', 'art9');--> statement-breakpoint
CREATE TYPE "public"."recipient_kind" AS ENUM('third_party', 'processor', 'public_body');--> statement-breakpoint
CREATE TYPE "public"."retention_event" AS ENUM('collected', 'relationship_ended', 'consent_ended');--> statement-breakpoint
CREATE TYPE "public"."retention_kind" AS ENUM('until_purpose_achieved', 'period_after_event');--> statement-breakpoint
CREATE TYPE "public"."withdrawal_effect" AS ENUM('block', 'destroy');--> statement-breakpoint
CREATE TYPE "public"."email_state" AS ENUM('pending', 'sent', 'failed', 'expired');--> statement-breakpoint
CREATE TYPE "public"."event_visibility" AS ENUM('subject', 'internal');--> statement-breakpoint
CREATE TYPE "public"."request_channel" AS ENUM('portal', 'paper', 'email');--> statement-breakpoint
CREATE TYPE "public"."request_event_kind" AS ENUM('filed', 'state_changed', 'message', 'note', 'assigned', 'info_requested', 'deadline_extended', 'executed', 'refused', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."request_state" AS ENUM('RECEIVED', 'REGISTERED', 'IN_PROGRESS', 'AWAITING_INFO', 'DATA_BLOCKED', 'EXTENDED', 'COMPLETED', 'PARTIALLY_COMPLETED', 'REFUSED', 'WITHDRAWN', 'FORWARDED');--> statement-breakpoint
CREATE TYPE "public"."request_type" AS ENUM('ACCESS', 'RECTIFY', 'BLOCK', 'DESTROY', 'WITHDRAW', 'PUBLIC_REMOVE', 'OBJECT_AUTO');--> statement-breakpoint
CREATE TYPE "public"."data_item_state" AS ENUM('active', 'blocked', 'destroyed');--> statement-breakpoint
CREATE TYPE "public"."data_source" AS ENUM('subject', 'state_database', 'third_party', 'operator');--> statement-breakpoint
CREATE TYPE "public"."locale" AS ENUM('kk', 'ru', 'en');--> statement-breakpoint
CREATE TYPE "public"."processing_method" AS ENUM('automated', 'manual');--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor_role" "actor_role" NOT NULL,
	"subject_id" uuid,
	"action" "audit_action" NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" char(64),
	"hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"session_token" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"email" text,
	"email_verified" timestamp with time zone,
	"image" text,
	"role" "user_role" DEFAULT 'subject' NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" "calendar_day_kind" NOT NULL,
	"name" jsonb NOT NULL,
	"source" text NOT NULL,
	"is_provisional" boolean DEFAULT false NOT NULL,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_days_name_localized" CHECK (coalesce(jsonb_typeof("calendar_days"."name"->'kk') = 'string' and jsonb_typeof("calendar_days"."name"->'ru') = 'string' and jsonb_typeof("calendar_days"."name"->'en') = 'string', false)),
	CONSTRAINT "calendar_days_source_given" CHECK (length(trim("calendar_days"."source")) > 0),
	CONSTRAINT "calendar_days_working_day_on_weekend" CHECK ("calendar_days"."kind" <> 'working_day' or extract(isodow from "calendar_days"."day") in (6, 7))
);
--> statement-breakpoint
CREATE TABLE "deadline_policies" (
	"code" "deadline_code" PRIMARY KEY NOT NULL,
	"working_days" integer NOT NULL,
	"max_extension_working_days" integer DEFAULT 0 NOT NULL,
	"citation" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" text,
	CONSTRAINT "deadline_policies_citation_localized" CHECK (coalesce(jsonb_typeof("deadline_policies"."citation"->'kk') = 'string' and jsonb_typeof("deadline_policies"."citation"->'ru') = 'string' and jsonb_typeof("deadline_policies"."citation"->'en') = 'string', false)),
	CONSTRAINT "deadline_policies_days_positive" CHECK ("deadline_policies"."working_days" > 0 and "deadline_policies"."working_days" <= 60),
	CONSTRAINT "deadline_policies_extension" CHECK ("deadline_policies"."max_extension_working_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "destruction_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"data_item_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_id" text,
	"decision" text,
	"keep_reason" text,
	CONSTRAINT "destruction_candidates_dataItemId_unique" UNIQUE("data_item_id"),
	CONSTRAINT "destruction_candidates_decision" CHECK ("destruction_candidates"."decision" is null or "destruction_candidates"."decision" in ('destroyed', 'kept')),
	CONSTRAINT "destruction_candidates_keep_reason" CHECK ("destruction_candidates"."decision" is distinct from 'kept' or "destruction_candidates"."keep_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "incident_subjects" (
	"incident_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	CONSTRAINT "incident_subjects_incident_id_subject_id_pk" PRIMARY KEY("incident_id","subject_id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"discovered_at" timestamp with time zone NOT NULL,
	"description" text NOT NULL,
	"measures" text NOT NULL,
	"authority_due_at" timestamp with time zone NOT NULL,
	"authority_notified_at" timestamp with time zone,
	"subjects_notified_at" timestamp with time zone,
	"recorded_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_categories" (
	"consent_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	CONSTRAINT "consent_categories_consent_id_category_id_pk" PRIMARY KEY("consent_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "consent_purposes" (
	"consent_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	CONSTRAINT "consent_purposes_consent_id_purpose_id_pk" PRIMARY KEY("consent_id","purpose_id")
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"operator_name" jsonb NOT NULL,
	"operator_bin" char(12) NOT NULL,
	"subject_name" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"third_party_transfer" boolean NOT NULL,
	"cross_border_transfer" boolean NOT NULL,
	"public_sources" boolean NOT NULL,
	"other_terms" jsonb,
	"notify_on_transfer" boolean DEFAULT true NOT NULL,
	"channel" "consent_channel" NOT NULL,
	"evidence_text" text NOT NULL,
	"evidence_sha256" char(64) NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"state" "consent_state" DEFAULT 'active' NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"withdrawal_lock" "withdrawal_lock",
	"withdrawal_lock_reason" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_operator_name_localized" CHECK (coalesce(jsonb_typeof("consents"."operator_name"->'kk') = 'string' and jsonb_typeof("consents"."operator_name"->'ru') = 'string' and jsonb_typeof("consents"."operator_name"->'en') = 'string', false)),
	CONSTRAINT "consents_other_terms_localized" CHECK ("consents"."other_terms" is null or coalesce(jsonb_typeof("consents"."other_terms"->'kk') = 'string' and jsonb_typeof("consents"."other_terms"->'ru') = 'string' and jsonb_typeof("consents"."other_terms"->'en') = 'string', false)),
	CONSTRAINT "consents_lock_reason_localized" CHECK ("consents"."withdrawal_lock_reason" is null or coalesce(jsonb_typeof("consents"."withdrawal_lock_reason"->'kk') = 'string' and jsonb_typeof("consents"."withdrawal_lock_reason"->'ru') = 'string' and jsonb_typeof("consents"."withdrawal_lock_reason"->'en') = 'string', false)),
	CONSTRAINT "consents_lock_has_reason" CHECK (("consents"."withdrawal_lock" is null) = ("consents"."withdrawal_lock_reason" is null)),
	CONSTRAINT "consents_withdrawn_at" CHECK (("consents"."state" = 'withdrawn') = ("consents"."withdrawn_at" is not null)),
	CONSTRAINT "consents_expired_at" CHECK (("consents"."state" = 'expired') = ("consents"."expired_at" is not null)),
	CONSTRAINT "consents_term_order" CHECK ("consents"."valid_until" is null or "consents"."valid_until" > "consents"."valid_from"),
	CONSTRAINT "consents_evidence_hash" CHECK ("consents"."evidence_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "data_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"access_level" "access_level" DEFAULT 'restricted' NOT NULL,
	"is_biometric" boolean DEFAULT false NOT NULL,
	"is_iin" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_categories_code_unique" UNIQUE("code"),
	CONSTRAINT "data_categories_name_localized" CHECK (coalesce(jsonb_typeof("data_categories"."name"->'kk') = 'string' and jsonb_typeof("data_categories"."name"->'ru') = 'string' and jsonb_typeof("data_categories"."name"->'en') = 'string', false)),
	CONSTRAINT "data_categories_description_localized" CHECK (coalesce(jsonb_typeof("data_categories"."description"->'kk') = 'string' and jsonb_typeof("data_categories"."description"->'ru') = 'string' and jsonb_typeof("data_categories"."description"->'en') = 'string', false))
);
--> statement-breakpoint
CREATE TABLE "purpose_categories" (
	"purpose_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	CONSTRAINT "purpose_categories_purpose_id_category_id_pk" PRIMARY KEY("purpose_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "purpose_recipients" (
	"purpose_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	CONSTRAINT "purpose_recipients_purpose_id_recipient_id_pk" PRIMARY KEY("purpose_id","recipient_id")
);
--> statement-breakpoint
CREATE TABLE "purposes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"legal_basis" "legal_basis_kind" NOT NULL,
	"legal_basis_citation" jsonb,
	"retention_kind" "retention_kind" NOT NULL,
	"retention_months" integer,
	"retention_from" "retention_event",
	"retention_description" jsonb NOT NULL,
	"is_automated" boolean DEFAULT false NOT NULL,
	"automated_logic" jsonb,
	"withdrawal_effect" "withdrawal_effect" DEFAULT 'block' NOT NULL,
	"publishes" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purposes_code_unique" UNIQUE("code"),
	CONSTRAINT "purposes_name_localized" CHECK (coalesce(jsonb_typeof("purposes"."name"->'kk') = 'string' and jsonb_typeof("purposes"."name"->'ru') = 'string' and jsonb_typeof("purposes"."name"->'en') = 'string', false)),
	CONSTRAINT "purposes_description_localized" CHECK (coalesce(jsonb_typeof("purposes"."description"->'kk') = 'string' and jsonb_typeof("purposes"."description"->'ru') = 'string' and jsonb_typeof("purposes"."description"->'en') = 'string', false)),
	CONSTRAINT "purposes_citation_localized" CHECK ("purposes"."legal_basis_citation" is null or coalesce(jsonb_typeof("purposes"."legal_basis_citation"->'kk') = 'string' and jsonb_typeof("purposes"."legal_basis_citation"->'ru') = 'string' and jsonb_typeof("purposes"."legal_basis_citation"->'en') = 'string', false)),
	CONSTRAINT "purposes_retention_localized" CHECK (coalesce(jsonb_typeof("purposes"."retention_description"->'kk') = 'string' and jsonb_typeof("purposes"."retention_description"->'ru') = 'string' and jsonb_typeof("purposes"."retention_description"->'en') = 'string', false)),
	CONSTRAINT "purposes_automated_logic_localized" CHECK ("purposes"."automated_logic" is null or coalesce(jsonb_typeof("purposes"."automated_logic"->'kk') = 'string' and jsonb_typeof("purposes"."automated_logic"->'ru') = 'string' and jsonb_typeof("purposes"."automated_logic"->'en') = 'string', false)),
	CONSTRAINT "purposes_citation_for_non_consent" CHECK ("purposes"."legal_basis" = 'consent' or "purposes"."legal_basis_citation" is not null),
	CONSTRAINT "purposes_retention_period_complete" CHECK (("purposes"."retention_kind" = 'period_after_event') = ("purposes"."retention_months" is not null and "purposes"."retention_from" is not null)),
	CONSTRAINT "purposes_retention_months_positive" CHECK ("purposes"."retention_months" is null or "purposes"."retention_months" > 0),
	CONSTRAINT "purposes_automated_explained" CHECK (not "purposes"."is_automated" or "purposes"."automated_logic" is not null)
);
--> statement-breakpoint
CREATE TABLE "recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"bin" char(12),
	"kind" "recipient_kind" NOT NULL,
	"country" char(2) NOT NULL,
	"cross_border_basis" "cross_border_basis",
	"notify_subject" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recipients_code_unique" UNIQUE("code"),
	CONSTRAINT "recipients_name_localized" CHECK (coalesce(jsonb_typeof("recipients"."name"->'kk') = 'string' and jsonb_typeof("recipients"."name"->'ru') = 'string' and jsonb_typeof("recipients"."name"->'en') = 'string', false)),
	CONSTRAINT "recipients_country_code" CHECK ("recipients"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "recipients_bin_digits" CHECK ("recipients"."bin" is null or "recipients"."bin" ~ '^[0-9]{12}$'),
	CONSTRAINT "recipients_cross_border_basis" CHECK ("recipients"."country" = 'KZ' or "recipients"."cross_border_basis" is not null)
);
--> statement-breakpoint
CREATE TABLE "outgoing_emails" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"locale" "locale" NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	"state" "email_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"expires_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"message_id" text,
	"subject_id" uuid,
	"request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outgoing_emails_sent_at" CHECK (("outgoing_emails"."state" = 'sent') = ("outgoing_emails"."sent_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "operator_profile" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" jsonb NOT NULL,
	"bin" char(12) NOT NULL,
	"address" jsonb NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"website" text,
	"responsible_name" text NOT NULL,
	"responsible_position" jsonb NOT NULL,
	"responsible_email" text NOT NULL,
	"responsible_phone" text NOT NULL,
	"storage_location" jsonb NOT NULL,
	"storage_country" char(2) DEFAULT 'KZ' NOT NULL,
	"auto_destroy_expired" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operator_profile_single_row" CHECK ("operator_profile"."id" = 1),
	CONSTRAINT "operator_profile_bin_digits" CHECK ("operator_profile"."bin" ~ '^[0-9]{12}$'),
	CONSTRAINT "operator_profile_name_localized" CHECK (coalesce(jsonb_typeof("operator_profile"."name"->'kk') = 'string' and jsonb_typeof("operator_profile"."name"->'ru') = 'string' and jsonb_typeof("operator_profile"."name"->'en') = 'string', false)),
	CONSTRAINT "operator_profile_address_localized" CHECK (coalesce(jsonb_typeof("operator_profile"."address"->'kk') = 'string' and jsonb_typeof("operator_profile"."address"->'ru') = 'string' and jsonb_typeof("operator_profile"."address"->'en') = 'string', false)),
	CONSTRAINT "operator_profile_position_localized" CHECK (coalesce(jsonb_typeof("operator_profile"."responsible_position"->'kk') = 'string' and jsonb_typeof("operator_profile"."responsible_position"->'ru') = 'string' and jsonb_typeof("operator_profile"."responsible_position"->'en') = 'string', false)),
	CONSTRAINT "operator_profile_storage_localized" CHECK (coalesce(jsonb_typeof("operator_profile"."storage_location"->'kk') = 'string' and jsonb_typeof("operator_profile"."storage_location"->'ru') = 'string' and jsonb_typeof("operator_profile"."storage_location"->'en') = 'string', false))
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"event_id" bigint,
	"subject_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea",
	"uploaded_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"erased_at" timestamp with time zone,
	CONSTRAINT "attachments_content_or_erased" CHECK (("attachments"."content" is null) = ("attachments"."erased_at" is not null)),
	CONSTRAINT "attachments_type" CHECK ("attachments"."content_type" in ('application/pdf', 'image/jpeg', 'image/png')),
	CONSTRAINT "attachments_size" CHECK ("attachments"."byte_size" > 0 and "attachments"."byte_size" <= 10485760)
);
--> statement-breakpoint
CREATE TABLE "request_consents" (
	"request_id" uuid NOT NULL,
	"consent_id" uuid NOT NULL,
	CONSTRAINT "request_consents_request_id_consent_id_pk" PRIMARY KEY("request_id","consent_id")
);
--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" "request_event_kind" NOT NULL,
	"visibility" "event_visibility" NOT NULL,
	"actor_id" text,
	"actor_role" "user_role",
	"body" text,
	"from_state" "request_state",
	"to_state" "request_state",
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "request_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"data_item_id" uuid,
	"category_id" uuid NOT NULL,
	"proposed_value" text,
	CONSTRAINT "request_items_target" CHECK ("request_items"."data_item_id" is not null or "request_items"."proposed_value" is not null)
);
--> statement-breakpoint
CREATE TABLE "request_reference_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"type" "request_type" NOT NULL,
	"state" "request_state" DEFAULT 'REGISTERED' NOT NULL,
	"channel" "request_channel" DEFAULT 'portal' NOT NULL,
	"description" text,
	"purpose_id" uuid,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_from" timestamp with time zone NOT NULL,
	"deadline_working_days" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"original_due_at" timestamp with time zone NOT NULL,
	"extension_reason" text,
	"completed_at" timestamp with time zone,
	"assignee_id" text,
	"registered_by_id" text,
	"outcome" text,
	"refusal_reason_code" text,
	"refusal_legal_basis" text,
	"refusal_text" text,
	"idempotency_key" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requests_reference_unique" UNIQUE("reference"),
	CONSTRAINT "requests_subjectId_idempotencyKey_unique" UNIQUE("subject_id","idempotency_key"),
	CONSTRAINT "requests_reference_format" CHECK ("requests"."reference" ~ '^[0-9]{4}-[0-9]{6}$'),
	CONSTRAINT "requests_refusal_is_reasoned" CHECK ("requests"."state" <> 'REFUSED' or ("requests"."refusal_reason_code" is not null and "requests"."refusal_legal_basis" is not null and length(trim("requests"."refusal_text")) > 0)),
	CONSTRAINT "requests_due_after_registration" CHECK ("requests"."due_at" > "requests"."registered_at"),
	CONSTRAINT "requests_completed_when_closed" CHECK (("requests"."state" in ('COMPLETED', 'PARTIALLY_COMPLETED', 'REFUSED', 'WITHDRAWN', 'FORWARDED')) = ("requests"."completed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "data_item_keys" (
	"data_item_id" uuid PRIMARY KEY NOT NULL,
	"key" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_item_purposes" (
	"data_item_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "data_item_purposes_data_item_id_purpose_id_pk" PRIMARY KEY("data_item_id","purpose_id")
);
--> statement-breakpoint
CREATE TABLE "data_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"value" text,
	"state" "data_item_state" DEFAULT 'active' NOT NULL,
	"source" "data_source" NOT NULL,
	"source_detail" text,
	"method" "processing_method" NOT NULL,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"blocked_at" timestamp with time zone,
	"destroyed_at" timestamp with time zone,
	CONSTRAINT "data_items_destroyed_has_no_value" CHECK (("data_items"."state" = 'destroyed') = ("data_items"."value" is null) and ("data_items"."state" = 'destroyed') = ("data_items"."destroyed_at" is not null)),
	CONSTRAINT "data_items_blocked_since" CHECK (("data_items"."state" = 'blocked') = ("data_items"."blocked_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "subjects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" "citext",
	"phone" text,
	"full_name" text,
	"iin" char(12),
	"locale" "locale" DEFAULT 'kk' NOT NULL,
	"user_id" text,
	"relationship_ended_at" timestamp with time zone,
	"notify_activity" boolean DEFAULT true NOT NULL,
	"activity_digest_sent_at" timestamp with time zone,
	"activity_digest_last_event_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subjects_email_unique" UNIQUE("email"),
	CONSTRAINT "subjects_iin_unique" UNIQUE("iin"),
	CONSTRAINT "subjects_iin_valid" CHECK ("subjects"."iin" is null or kz_iin_valid("subjects"."iin"))
);
--> statement-breakpoint
CREATE TABLE "transfer_items" (
	"transfer_id" uuid NOT NULL,
	"data_item_id" uuid NOT NULL,
	CONSTRAINT "transfer_items_transfer_id_data_item_id_pk" PRIMARY KEY("transfer_id","data_item_id")
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"transferred_at" timestamp with time zone NOT NULL,
	"basis" text NOT NULL,
	"cross_border_basis" "cross_border_basis",
	"notice_due_at" timestamp with time zone,
	"notice_sent_at" timestamp with time zone,
	"recorded_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfers_notice_sent_needs_due" CHECK ("transfers"."notice_sent_at" is null or "transfers"."notice_due_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deadline_policies" ADD CONSTRAINT "deadline_policies_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "destruction_candidates" ADD CONSTRAINT "destruction_candidates_data_item_id_data_items_id_fk" FOREIGN KEY ("data_item_id") REFERENCES "public"."data_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "destruction_candidates" ADD CONSTRAINT "destruction_candidates_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "destruction_candidates" ADD CONSTRAINT "destruction_candidates_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_subjects" ADD CONSTRAINT "incident_subjects_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_subjects" ADD CONSTRAINT "incident_subjects_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_categories" ADD CONSTRAINT "consent_categories_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_categories" ADD CONSTRAINT "consent_categories_category_id_data_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."data_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_purposes" ADD CONSTRAINT "consent_purposes_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_purposes" ADD CONSTRAINT "consent_purposes_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_categories" ADD CONSTRAINT "purpose_categories_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_categories" ADD CONSTRAINT "purpose_categories_category_id_data_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."data_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_recipients" ADD CONSTRAINT "purpose_recipients_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_recipients" ADD CONSTRAINT "purpose_recipients_recipient_id_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."recipients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_event_id_request_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."request_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_consents" ADD CONSTRAINT "request_consents_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_consents" ADD CONSTRAINT "request_consents_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_items" ADD CONSTRAINT "request_items_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_items" ADD CONSTRAINT "request_items_data_item_id_data_items_id_fk" FOREIGN KEY ("data_item_id") REFERENCES "public"."data_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_items" ADD CONSTRAINT "request_items_category_id_data_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."data_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_registered_by_id_users_id_fk" FOREIGN KEY ("registered_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_item_keys" ADD CONSTRAINT "data_item_keys_data_item_id_data_items_id_fk" FOREIGN KEY ("data_item_id") REFERENCES "public"."data_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_item_purposes" ADD CONSTRAINT "data_item_purposes_data_item_id_data_items_id_fk" FOREIGN KEY ("data_item_id") REFERENCES "public"."data_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_item_purposes" ADD CONSTRAINT "data_item_purposes_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_items" ADD CONSTRAINT "data_items_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_items" ADD CONSTRAINT "data_items_category_id_data_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."data_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subjects" ADD CONSTRAINT "subjects_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_items" ADD CONSTRAINT "transfer_items_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_items" ADD CONSTRAINT "transfer_items_data_item_id_data_items_id_fk" FOREIGN KEY ("data_item_id") REFERENCES "public"."data_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_recipient_id_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."recipients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_subject_id_id_index" ON "audit_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_id_id_index" ON "audit_events" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_at_index" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "sessions_user_id_index" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "destruction_candidates_decided_at_index" ON "destruction_candidates" USING btree ("decided_at");--> statement-breakpoint
CREATE INDEX "incidents_discovered_at_index" ON "incidents" USING btree ("discovered_at");--> statement-breakpoint
CREATE INDEX "consents_subject_id_index" ON "consents" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "outgoing_emails_due" ON "outgoing_emails" USING btree ("next_attempt_at") WHERE "outgoing_emails"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "outgoing_emails_to_address_created_at_index" ON "outgoing_emails" USING btree ("to_address","created_at");--> statement-breakpoint
CREATE INDEX "attachments_request_id_index" ON "attachments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "request_consents_consent_id_index" ON "request_consents" USING btree ("consent_id");--> statement-breakpoint
CREATE INDEX "request_events_request_id_at_index" ON "request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "request_items_request_id_index" ON "request_items" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "request_items_data_item_id_index" ON "request_items" USING btree ("data_item_id");--> statement-breakpoint
CREATE INDEX "requests_subject_id_registered_at_index" ON "requests" USING btree ("subject_id","registered_at");--> statement-breakpoint
CREATE INDEX "requests_state_due_at_id_index" ON "requests" USING btree ("state","due_at","id");--> statement-breakpoint
CREATE INDEX "requests_assignee_id_due_at_index" ON "requests" USING btree ("assignee_id","due_at");--> statement-breakpoint
CREATE INDEX "requests_due_at_id_index" ON "requests" USING btree ("due_at","id");--> statement-breakpoint
CREATE INDEX "requests_type_due_at_id_index" ON "requests" USING btree ("type","due_at","id");--> statement-breakpoint
CREATE INDEX "data_item_purposes_purpose_id_index" ON "data_item_purposes" USING btree ("purpose_id");--> statement-breakpoint
CREATE INDEX "data_items_subject_id_category_id_index" ON "data_items" USING btree ("subject_id","category_id");--> statement-breakpoint
CREATE INDEX "subjects_full_name_trgm" ON "subjects" USING gin ("full_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "subjects_user_id_index" ON "subjects" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "transfers_subject_id_transferred_at_index" ON "transfers" USING btree ("subject_id","transferred_at");--> statement-breakpoint
CREATE INDEX "transfers_notice_due_at_index" ON "transfers" USING btree ("notice_due_at");