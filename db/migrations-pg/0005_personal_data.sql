ALTER TABLE "user" ADD COLUMN "consent_version" text;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "consent_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "deleted_at" timestamp (3) with time zone;