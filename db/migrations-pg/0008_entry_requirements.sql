ALTER TABLE "contest" ADD COLUMN "require_district" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contest" ADD COLUMN "require_address" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contest" ADD COLUMN "organisation_kinds" jsonb DEFAULT '["tos_committee","management_company","school","other"]'::jsonb NOT NULL;