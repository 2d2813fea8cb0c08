CREATE TABLE `photo_job` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`photo_id` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_after` integer NOT NULL,
	`lease_until` integer,
	`worker` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`photo_id`) REFERENCES `photo`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `photo_job_photo_id_unique` ON `photo_job` (`photo_id`);--> statement-breakpoint
CREATE INDEX `photo_job_run_after_idx` ON `photo_job` (`run_after`);--> statement-breakpoint
ALTER TABLE `photo` ADD `status` text DEFAULT 'ready' NOT NULL;--> statement-breakpoint
ALTER TABLE `photo` ADD `failure` text;--> statement-breakpoint
ALTER TABLE `photo` ADD `original_key` text;