ALTER TABLE `organisation` ADD `chairperson_id` text REFERENCES user(id);--> statement-breakpoint
CREATE INDEX `organisation_chairperson_idx` ON `organisation` (`chairperson_id`);