CREATE TABLE `spent_proof` (
	`key` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spent_proof_expires_idx` ON `spent_proof` (`expires_at`);--> statement-breakpoint
DROP INDEX `vote_voter_nomination_idx`;--> statement-breakpoint
ALTER TABLE `vote` ADD `with_proof` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `vote_voter_entry_idx` ON `vote` (`voter_id`,`entry_id`);--> statement-breakpoint
CREATE INDEX `vote_voter_nomination_idx` ON `vote` (`voter_id`,`nomination_id`);--> statement-breakpoint
ALTER TABLE `contest` ADD `voting_nomination_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `contest` ADD `votes_per_voter` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `contest` ADD `voting_counts_live` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `contest` ADD `voting_prize_name` text DEFAULT 'Приз зрительских симпатий' NOT NULL;