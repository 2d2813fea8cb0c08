ALTER TABLE `user` ADD `consent_version` text;--> statement-breakpoint
ALTER TABLE `user` ADD `consent_at` integer;--> statement-breakpoint
ALTER TABLE `user` ADD `deleted_at` integer;