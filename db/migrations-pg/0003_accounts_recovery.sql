ALTER TABLE "session" ADD COLUMN "created_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "user_agent" text;--> statement-breakpoint
ALTER TABLE "verification" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "verification" ADD COLUMN "code_hash" text;--> statement-breakpoint
ALTER TABLE "verification" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_message" ADD COLUMN "redacted_text" text;