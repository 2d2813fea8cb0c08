ALTER TABLE `session` ADD `created_at` integer;--> statement-breakpoint
ALTER TABLE `session` ADD `user_agent` text;--> statement-breakpoint
ALTER TABLE `verification` ADD `email` text;--> statement-breakpoint
ALTER TABLE `verification` ADD `code_hash` text;--> statement-breakpoint
ALTER TABLE `verification` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox_message` ADD `redacted_text` text;