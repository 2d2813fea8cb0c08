ALTER TABLE `author` ADD `email` text;--> statement-breakpoint
CREATE INDEX `author_email_idx` ON `author` (`email`);