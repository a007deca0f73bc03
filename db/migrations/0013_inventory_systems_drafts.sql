CREATE TYPE "public"."system_execution" AS ENUM('api', 'manual');--> statement-breakpoint
CREATE TABLE "inventory_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"retire" boolean DEFAULT false NOT NULL,
	"payload" jsonb NOT NULL,
	"edited_by_id" text,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer,
	CONSTRAINT "inventory_changes_entity" CHECK ("inventory_changes"."entity" in ('category', 'purpose', 'recipient', 'system'))
);
--> statement-breakpoint
CREATE TABLE "system_categories" (
	"system_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	CONSTRAINT "system_categories_system_id_category_id_pk" PRIMARY KEY("system_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"owner_department" jsonb NOT NULL,
	"country" char(2) NOT NULL,
	"storage_location" jsonb NOT NULL,
	"execution" "system_execution" NOT NULL,
	"responsible_id" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "systems_code_unique" UNIQUE("code"),
	CONSTRAINT "systems_name_localized" CHECK (coalesce(jsonb_typeof("systems"."name"->'kk') = 'string' and jsonb_typeof("systems"."name"->'ru') = 'string' and jsonb_typeof("systems"."name"->'en') = 'string', false)),
	CONSTRAINT "systems_owner_localized" CHECK (coalesce(jsonb_typeof("systems"."owner_department"->'kk') = 'string' and jsonb_typeof("systems"."owner_department"->'ru') = 'string' and jsonb_typeof("systems"."owner_department"->'en') = 'string', false)),
	CONSTRAINT "systems_storage_localized" CHECK (coalesce(jsonb_typeof("systems"."storage_location"->'kk') = 'string' and jsonb_typeof("systems"."storage_location"->'ru') = 'string' and jsonb_typeof("systems"."storage_location"->'en') = 'string', false)),
	CONSTRAINT "systems_country_code" CHECK ("systems"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "systems_manual_has_responsible" CHECK ("systems"."execution" = 'api' or "systems"."responsible_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "consents" ADD COLUMN "reconsent_version" integer;--> statement-breakpoint
ALTER TABLE "data_categories" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purposes" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recipients" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "data_items" ADD COLUMN "system_id" uuid;--> statement-breakpoint
ALTER TABLE "inventory_changes" ADD CONSTRAINT "inventory_changes_edited_by_id_users_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_categories" ADD CONSTRAINT "system_categories_system_id_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_categories" ADD CONSTRAINT "system_categories_category_id_data_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."data_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "systems" ADD CONSTRAINT "systems_responsible_id_users_id_fk" FOREIGN KEY ("responsible_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_changes_one_pending" ON "inventory_changes" USING btree ("entity","entity_id") WHERE "inventory_changes"."version" is null;--> statement-breakpoint
ALTER TABLE "data_items" ADD CONSTRAINT "data_items_system_id_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."systems"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "data_items_system_item" ON "data_items" USING btree ("system_id","subject_id","category_id") WHERE "data_items"."system_id" is not null;