CREATE TABLE `rate_limit` (
	`key` text PRIMARY KEY NOT NULL,
	`hits` integer NOT NULL,
	`reset_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_reset_idx` ON `rate_limit` (`reset_at`);--> statement-breakpoint
ALTER TABLE `session` ADD `created_at` integer;--> statement-breakpoint
ALTER TABLE `session` ADD `user_agent` text;--> statement-breakpoint
ALTER TABLE `verification` ADD `email` text;--> statement-breakpoint
ALTER TABLE `verification` ADD `code_hash` text;--> statement-breakpoint
ALTER TABLE `verification` ADD `attempts` integer DEFAULT 0 NOT NULL;