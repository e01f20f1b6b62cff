-- Crypto-shredding. Personal text is sealed (XChaCha20-Poly1305) under a
-- key of the subject's own; each subject's key is kept here sealed under
-- the server's data key (EQUALSAY_DATA_KEYS, never in the database).
-- Erasing a subject deletes their key, so every copy of their sealed text
-- (old row versions, the write-ahead log, backups) becomes unreadable once
-- the data key that sealed the old copy of their key is retired.
CREATE TABLE subject_keys (
  subject     text PRIMARY KEY,   -- 'person/12', 'candidate/7'
  data_key_id text NOT NULL,      -- which of the server's data keys sealed it
  wrapped     bytea NOT NULL,
  made_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subject_keys_data_key_idx ON subject_keys (data_key_id);

-- An erased subject never gets a key again: nothing about them is sealed
-- (and so readable) after their erasure.
CREATE FUNCTION equalsay_no_key_after_erasure() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (split_part(NEW.subject, '/', 1) = 'person' AND EXISTS (
        SELECT 1 FROM people WHERE id = split_part(NEW.subject, '/', 2)::bigint
        AND erased_at IS NOT NULL))
     OR (split_part(NEW.subject, '/', 1) = 'candidate' AND EXISTS (
        SELECT 1 FROM candidates WHERE id =
        split_part(NEW.subject, '/', 2)::bigint AND erased_at IS NOT NULL)) THEN
    RAISE EXCEPTION '% was erased on request; nothing about them is kept', NEW.subject;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER subject_keys_not_after_erasure BEFORE INSERT ON subject_keys
  FOR EACH ROW EXECUTE FUNCTION equalsay_no_key_after_erasure();

-- Reasons beside the audit trail: sealed from now on; rows written before
-- are sealed by the server when it starts (text becomes NULL).
ALTER TABLE event_texts ALTER COLUMN text DROP NOT NULL;
ALTER TABLE event_texts ADD COLUMN sealed bytea;
ALTER TABLE event_texts ADD CONSTRAINT event_texts_plain_or_sealed
  CHECK ((text IS NULL) <> (sealed IS NULL));

-- A candidate's documents (application, CV): the content is sealed under
-- the candidate's key; the pack's own papers (job description, questions)
-- are about nobody and stay as they are.
ALTER TABLE documents ADD COLUMN sealed boolean NOT NULL DEFAULT false;
