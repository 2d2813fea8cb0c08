CREATE TABLE `centre` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`district_id` integer NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`district_id`) REFERENCES `district`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `centre_district_idx` ON `centre` (`district_id`);--> statement-breakpoint
DROP INDEX `organisation_name_unique`;--> statement-breakpoint
ALTER TABLE `organisation` ADD `tos_level` text;--> statement-breakpoint
ALTER TABLE `organisation` ADD `parent_id` integer;--> statement-breakpoint
ALTER TABLE `organisation` ADD `address` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `organisation_name_idx` ON `organisation` (`name`);--> statement-breakpoint
CREATE INDEX `organisation_parent_idx` ON `organisation` (`parent_id`);--> statement-breakpoint
ALTER TABLE `user` ADD `centre_id` integer REFERENCES centre(id);--> statement-breakpoint
ALTER TABLE `entry` ADD `centre_id` integer REFERENCES centre(id);--> statement-breakpoint
CREATE INDEX `entry_centre_idx` ON `entry` (`centre_id`);--> statement-breakpoint
-- The seeded committees are all district-level (окружные): the directory's shape for them.
UPDATE `organisation` SET `tos_level` = 'district' WHERE `kind` = 'tos_committee';
