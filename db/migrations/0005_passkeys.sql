CREATE TYPE "public"."factor_kind" AS ENUM('totp', 'passkey');--> statement-breakpoint
ALTER TABLE "staff_factors" ALTER COLUMN "secret" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "challenge" text;--> statement-breakpoint
ALTER TABLE "staff_factors" ADD COLUMN "kind" "factor_kind" DEFAULT 'totp' NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_factors" ADD COLUMN "credential_id" text;--> statement-breakpoint
ALTER TABLE "staff_factors" ADD COLUMN "public_key" text;--> statement-breakpoint
ALTER TABLE "staff_factors" ADD COLUMN "counter" bigint;--> statement-breakpoint
ALTER TABLE "staff_factors" ADD COLUMN "transports" text[];--> statement-breakpoint
ALTER TABLE "staff_factors" ADD CONSTRAINT "staff_factors_credentialId_unique" UNIQUE("credential_id");--> statement-breakpoint
ALTER TABLE "staff_factors" ADD CONSTRAINT "staff_factors_kind_fields" CHECK (("staff_factors"."kind" = 'totp' and "staff_factors"."secret" is not null) or ("staff_factors"."kind" = 'passkey' and "staff_factors"."credential_id" is not null and "staff_factors"."public_key" is not null));