ALTER TABLE "entry" ADD COLUMN "submission_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "entry_owner_submission_key_idx" ON "entry" USING btree ("owner_id","submission_key");