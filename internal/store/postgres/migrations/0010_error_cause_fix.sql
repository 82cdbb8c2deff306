-- A failure's cause and fix, stored apart so the admin UI shows them
-- without taking the one-line message apart. message and error_message
-- stay the full line the API returns. Rows stored before this migration
-- have both empty: their readers fall back to the message.

ALTER TABLE record_errors
	ADD COLUMN cause text NOT NULL DEFAULT '',
	ADD COLUMN fix text NOT NULL DEFAULT '';

ALTER TABLE outbox
	ADD COLUMN error_cause text NOT NULL DEFAULT '',
	ADD COLUMN error_fix text NOT NULL DEFAULT '';
