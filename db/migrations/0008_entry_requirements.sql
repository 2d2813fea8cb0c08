ALTER TABLE `contest` ADD `require_district` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `contest` ADD `require_address` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `contest` ADD `organisation_kinds` text DEFAULT '["tos_committee","management_company","school","other"]' NOT NULL;