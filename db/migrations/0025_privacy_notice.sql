-- The privacy notice is shown at a person's first sign-in, until they say
-- they have read it.
ALTER TABLE people ADD COLUMN privacy_notice_read_at timestamptz;
