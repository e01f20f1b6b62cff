-- People's names and e-mail addresses are locked under each person's key
-- like the rest of their personal data (0027), so their locked form is
-- longer than what a person may type: the server checks the typed length.
ALTER TABLE people DROP CONSTRAINT people_display_name_check;
ALTER TABLE people ADD CONSTRAINT people_display_name_check
  CHECK (length(display_name) BETWEEN 1 AND 4000);
ALTER TABLE people DROP CONSTRAINT people_email_check;
ALTER TABLE people ADD CONSTRAINT people_email_check
  CHECK (length(email) <= 4000);
ALTER TABLE tokens DROP CONSTRAINT tokens_label_check;
ALTER TABLE tokens ADD CONSTRAINT tokens_label_check
  CHECK (length(label) <= 4000);

-- A locked address cannot be searched, so people are found by a keyed
-- hash of it (privacy::EmailIndex), which says nothing without the key.
-- The server fills it when it locks the addresses kept before.
ALTER TABLE people ADD COLUMN email_index text;
CREATE INDEX people_email_index_idx ON people (email_index);
DROP INDEX people_email_idx;
