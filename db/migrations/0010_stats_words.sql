ALTER TABLE `contest` ADD `statistics_words` text;--> statement-breakpoint
ALTER TABLE `form_field` ADD `participle` text;