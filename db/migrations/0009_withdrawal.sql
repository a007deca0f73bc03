CREATE TYPE "public"."art9_point" AS ENUM('1', '2', '2-1', '3', '4', '5', '5-1', '6', '7', '8', '9', '9-1', '9-2', '9-3', '9-4', '10');--> statement-breakpoint
CREATE TABLE "purpose_objections" (
	"subject_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"upheld_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purpose_objections_subject_id_purpose_id_pk" PRIMARY KEY("subject_id","purpose_id")
);
--> statement-breakpoint
ALTER TABLE "purposes" DROP CONSTRAINT "purposes_citation_for_non_consent";--> statement-breakpoint
ALTER TABLE "purposes" ALTER COLUMN "legal_basis" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "purposes" ADD COLUMN "art9_point" "art9_point";--> statement-breakpoint
ALTER TABLE "purpose_objections" ADD CONSTRAINT "purpose_objections_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_objections" ADD CONSTRAINT "purpose_objections_purpose_id_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."purposes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purpose_objections" ADD CONSTRAINT "purpose_objections_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purposes" ADD CONSTRAINT "purposes_citation_unless_consent" CHECK ("purposes"."legal_basis" = 'consent' or "purposes"."legal_basis_citation" is not null);--> statement-breakpoint
DROP TYPE "public"."legal_basis_kind";--> statement-breakpoint
-- hand-written: withdrawal (the Law's grounds, Art. 7(1), 7(5), 9)
-- A contract is not a ground of the Law: processing under a contract rests on the consent given
-- with it, whose withdrawal an unfulfilled obligation locks (Art. 8(2)).
UPDATE "purposes" SET "legal_basis" = 'consent' WHERE "legal_basis" = 'contract';--> statement-breakpoint
-- Processing a law requires is the Art. 9 case "other cases established by laws" (sub-point 10);
-- the citation, required for it, names the law. An Art. 9 row without its sub-point gets it too.
UPDATE "purposes" SET "legal_basis" = 'art9', "art9_point" = '10' WHERE "legal_basis" IN ('law', 'art9') AND "art9_point" IS NULL;--> statement-breakpoint
ALTER TABLE "purposes" ADD CONSTRAINT "purposes_legal_basis_of_the_law" CHECK ("legal_basis" IN ('consent', 'published', 'art9'));--> statement-breakpoint
ALTER TABLE "purposes" ADD CONSTRAINT "purposes_art9_point_with_art9" CHECK (("legal_basis" = 'art9') = ("art9_point" IS NOT NULL));
