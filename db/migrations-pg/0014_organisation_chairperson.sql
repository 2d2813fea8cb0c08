ALTER TABLE "organisation" ADD COLUMN "chairperson_id" text;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_chairperson_id_user_id_fk" FOREIGN KEY ("chairperson_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisation_chairperson_idx" ON "organisation" USING btree ("chairperson_id");