ALTER TABLE "author" ADD COLUMN "email" text;--> statement-breakpoint
CREATE INDEX "author_email_idx" ON "author" USING btree ("email");