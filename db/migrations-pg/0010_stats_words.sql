ALTER TABLE "contest" ADD COLUMN "statistics_words" jsonb;--> statement-breakpoint
ALTER TABLE "form_field" ADD COLUMN "participle" jsonb;