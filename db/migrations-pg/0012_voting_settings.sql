CREATE TABLE "spent_proof" (
	"key" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "vote_voter_nomination_idx";--> statement-breakpoint
ALTER TABLE "contest" ADD COLUMN "voting_nomination_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contest" ADD COLUMN "votes_per_voter" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "contest" ADD COLUMN "voting_counts_live" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contest" ADD COLUMN "voting_prize_name" text DEFAULT 'Приз зрительских симпатий' NOT NULL;--> statement-breakpoint
ALTER TABLE "vote" ADD COLUMN "with_proof" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "spent_proof_expires_idx" ON "spent_proof" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_voter_entry_idx" ON "vote" USING btree ("voter_id","entry_id");--> statement-breakpoint
CREATE INDEX "vote_voter_nomination_idx" ON "vote" USING btree ("voter_id","nomination_id");