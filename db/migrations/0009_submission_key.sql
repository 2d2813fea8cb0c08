ALTER TABLE `entry` ADD `submission_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `entry_owner_submission_key_idx` ON `entry` (`owner_id`,`submission_key`);