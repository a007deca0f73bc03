ALTER TABLE "subjects" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "subjects" ADD CONSTRAINT "subjects_externalId_unique" UNIQUE("external_id");