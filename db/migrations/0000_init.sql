CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_user_idx` ON `session` (`user_id`);--> statement-breakpoint
CREATE TABLE `user` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text,
	`email_verified_at` integer,
	`full_name` text NOT NULL,
	`phone` text,
	`password_hash` text,
	`district_id` integer,
	`organisation_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`district_id`) REFERENCES `district`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_unique` ON `user` (`email`);--> statement-breakpoint
CREATE INDEX `user_phone_idx` ON `user` (`phone`);--> statement-breakpoint
CREATE INDEX `user_organisation_idx` ON `user` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `user_role` (
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`granted_by_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`granted_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `verification` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verification_token_hash_unique` ON `verification` (`token_hash`);--> statement-breakpoint
CREATE INDEX `verification_user_idx` ON `verification` (`user_id`);--> statement-breakpoint
CREATE TABLE `district` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `district_name_unique` ON `district` (`name`);--> statement-breakpoint
CREATE INDEX `district_parent_idx` ON `district` (`parent_id`);--> statement-breakpoint
CREATE TABLE `organisation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`district_id` integer,
	FOREIGN KEY (`district_id`) REFERENCES `district`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_name_unique` ON `organisation` (`name`);--> statement-breakpoint
CREATE INDEX `organisation_district_idx` ON `organisation` (`district_id`);--> statement-breakpoint
CREATE TABLE `contest` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`short_name` text NOT NULL,
	`year` integer NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`rules` text DEFAULT '' NOT NULL,
	`cover_photo_id` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`opens_at` integer,
	`closes_at` integer,
	`number_prefix` text NOT NULL,
	`max_entries_per_user` integer DEFAULT 3 NOT NULL,
	`min_photos` integer DEFAULT 1 NOT NULL,
	`max_photos` integer DEFAULT 10 NOT NULL,
	`teams_allowed` integer DEFAULT true NOT NULL,
	`max_authors` integer DEFAULT 10 NOT NULL,
	`age_categories` text DEFAULT '[]' NOT NULL,
	`consent_text` text DEFAULT '' NOT NULL,
	`authors_public` integer DEFAULT false NOT NULL,
	`gallery_open_during_contest` integer DEFAULT true NOT NULL,
	`min_scores_per_entry` integer DEFAULT 2 NOT NULL,
	`disagreement_threshold` real DEFAULT 10 NOT NULL,
	`result_method` text DEFAULT 'mean' NOT NULL,
	`tie_rule` text DEFAULT 'shared' NOT NULL,
	`places_per_nomination` integer DEFAULT 3 NOT NULL,
	`laureates_per_nomination` integer DEFAULT 0 NOT NULL,
	`full_ranking_public` integer DEFAULT false NOT NULL,
	`voting_enabled` integer DEFAULT false NOT NULL,
	`voting_opens_at` integer,
	`voting_closes_at` integer,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contest_slug_unique` ON `contest` (`slug`);--> statement-breakpoint
CREATE TABLE `criterion` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`nomination_id` integer,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`max_points` integer NOT NULL,
	`weight` real DEFAULT 1 NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`nomination_id`) REFERENCES `nomination`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `criterion_contest_idx` ON `criterion` (`contest_id`);--> statement-breakpoint
CREATE INDEX `criterion_nomination_idx` ON `criterion` (`nomination_id`);--> statement-breakpoint
CREATE TABLE `form_field` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`kind` text NOT NULL,
	`options` text DEFAULT '[]' NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`is_public` integer DEFAULT true NOT NULL,
	`summed_in_stats` integer DEFAULT false NOT NULL,
	`unit_forms` text,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `form_field_contest_key_idx` ON `form_field` (`contest_id`,`key`);--> statement-breakpoint
CREATE TABLE `nomination` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`is_special_prize` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `nomination_contest_idx` ON `nomination` (`contest_id`);--> statement-breakpoint
CREATE TABLE `stage` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`advance_count` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`judging_opens_at` integer,
	`judging_closes_at` integer,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stage_contest_idx` ON `stage` (`contest_id`);--> statement-breakpoint
CREATE TABLE `author` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`user_id` text,
	`full_name` text NOT NULL,
	`age` integer,
	`parent_consent` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `author_entry_idx` ON `author` (`entry_id`);--> statement-breakpoint
CREATE INDEX `author_user_idx` ON `author` (`user_id`);--> statement-breakpoint
CREATE TABLE `entry` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`nomination_id` integer,
	`seq` integer,
	`owner_id` text NOT NULL,
	`entered_by_id` text,
	`paper_consent_received` integer DEFAULT false NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`district_id` integer,
	`address` text DEFAULT '' NOT NULL,
	`organisation_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`rejection_reason` text,
	`moderated_by_id` text,
	`moderated_at` integer,
	`consent_at` integer,
	`submitted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`nomination_id`) REFERENCES `nomination`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_id`) REFERENCES `district`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`moderated_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `entry_contest_status_idx` ON `entry` (`contest_id`,`status`);--> statement-breakpoint
CREATE INDEX `entry_owner_idx` ON `entry` (`owner_id`);--> statement-breakpoint
CREATE INDEX `entry_nomination_idx` ON `entry` (`nomination_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `entry_contest_seq_idx` ON `entry` (`contest_id`,`seq`);--> statement-breakpoint
CREATE TABLE `entry_field_value` (
	`entry_id` integer NOT NULL,
	`field_id` integer NOT NULL,
	`value` text NOT NULL,
	`number_value` real,
	PRIMARY KEY(`entry_id`, `field_id`),
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`field_id`) REFERENCES `form_field`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `entry_field_value_field_idx` ON `entry_field_value` (`field_id`);--> statement-breakpoint
CREATE TABLE `photo` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` integer,
	`owner_id` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`sha256` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`variants` text NOT NULL,
	`original_name` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `photo_entry_idx` ON `photo` (`entry_id`,`position`);--> statement-breakpoint
CREATE INDEX `photo_sha_idx` ON `photo` (`sha256`);--> statement-breakpoint
CREATE TABLE `stage_entry` (
	`stage_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`stage_id`, `entry_id`),
	FOREIGN KEY (`stage_id`) REFERENCES `stage`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stage_entry_entry_idx` ON `stage_entry` (`entry_id`);--> statement-breakpoint
CREATE TABLE `conflict` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`juror_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`juror_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conflict_entry_juror_idx` ON `conflict` (`entry_id`,`juror_id`);--> statement-breakpoint
CREATE INDEX `conflict_juror_idx` ON `conflict` (`juror_id`);--> statement-breakpoint
CREATE TABLE `evaluation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stage_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`juror_id` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`stage_id`) REFERENCES `stage`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`juror_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evaluation_unique_idx` ON `evaluation` (`stage_id`,`entry_id`,`juror_id`);--> statement-breakpoint
CREATE INDEX `evaluation_juror_idx` ON `evaluation` (`juror_id`);--> statement-breakpoint
CREATE INDEX `evaluation_entry_idx` ON `evaluation` (`entry_id`);--> statement-breakpoint
CREATE TABLE `extra_assignment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stage_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`juror_id` text NOT NULL,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`stage_id`) REFERENCES `stage`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`juror_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `extra_assignment_unique_idx` ON `extra_assignment` (`stage_id`,`entry_id`,`juror_id`);--> statement-breakpoint
CREATE TABLE `jury_assignment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stage_id` integer NOT NULL,
	`juror_id` text NOT NULL,
	`nomination_id` integer NOT NULL,
	`district_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`stage_id`) REFERENCES `stage`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`juror_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`nomination_id`) REFERENCES `nomination`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`district_id`) REFERENCES `district`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jury_assignment_unique_idx` ON `jury_assignment` (`stage_id`,`juror_id`,`nomination_id`,`district_id`);--> statement-breakpoint
CREATE INDEX `jury_assignment_juror_idx` ON `jury_assignment` (`juror_id`);--> statement-breakpoint
CREATE TABLE `jury_invitation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`email` text NOT NULL,
	`full_name` text DEFAULT '' NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_by_id` text,
	`invited_by_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`accepted_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jury_invitation_token_hash_unique` ON `jury_invitation` (`token_hash`);--> statement-breakpoint
CREATE INDEX `jury_invitation_contest_idx` ON `jury_invitation` (`contest_id`);--> statement-breakpoint
CREATE TABLE `score` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evaluation_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`points` real NOT NULL,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`criterion_id`) REFERENCES `criterion`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `score_unique_idx` ON `score` (`evaluation_id`,`criterion_id`);--> statement-breakpoint
CREATE INDEX `score_criterion_idx` ON `score` (`criterion_id`);--> statement-breakpoint
CREATE TABLE `special_prize_proposal` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`nomination_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`juror_id` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`nomination_id`) REFERENCES `nomination`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`juror_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `special_prize_proposal_unique_idx` ON `special_prize_proposal` (`nomination_id`,`entry_id`,`juror_id`);--> statement-breakpoint
CREATE TABLE `diploma` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`publication_id` integer NOT NULL,
	`contest_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`recipient_name` text NOT NULL,
	`kind` text NOT NULL,
	`place` integer,
	`nomination_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`publication_id`) REFERENCES `result_publication`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `author`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `diploma_number_unique` ON `diploma` (`number`);--> statement-breakpoint
CREATE INDEX `diploma_entry_idx` ON `diploma` (`entry_id`);--> statement-breakpoint
CREATE INDEX `diploma_contest_idx` ON `diploma` (`contest_id`);--> statement-breakpoint
CREATE TABLE `result_decision` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stage_id` integer NOT NULL,
	`nomination_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`award` text,
	`place` integer,
	`reason` text NOT NULL,
	`decided_by_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`stage_id`) REFERENCES `stage`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`nomination_id`) REFERENCES `nomination`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `result_decision_unique_idx` ON `result_decision` (`stage_id`,`entry_id`);--> statement-breakpoint
CREATE TABLE `result_publication` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`stage_id` integer NOT NULL,
	`method` text NOT NULL,
	`snapshot` text NOT NULL,
	`published_by_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_by_id` text,
	`withdraw_reason` text,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stage_id`) REFERENCES `stage`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`withdrawn_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `result_publication_contest_idx` ON `result_publication` (`contest_id`);--> statement-breakpoint
CREATE TABLE `vote` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`nomination_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`voter_id` text NOT NULL,
	`ip` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`nomination_id`) REFERENCES `nomination`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `entry`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`voter_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vote_voter_nomination_idx` ON `vote` (`voter_id`,`nomination_id`);--> statement-breakpoint
CREATE INDEX `vote_entry_idx` ON `vote` (`entry_id`);--> statement-breakpoint
CREATE TABLE `outbox_message` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer,
	`kind` text NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox_message` (`status`);--> statement-breakpoint
CREATE INDEX `outbox_contest_idx` ON `outbox_message` (`contest_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`contest_id` integer,
	`before` text,
	`after` text,
	FOREIGN KEY (`actor_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_contest_idx` ON `audit_log` (`contest_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);