-- HR corrects a confirmation by recording a new one that replaces it; the
-- first is never edited or deleted. Each entry is corrected at most once.
ALTER TABLE confirmations
  ADD COLUMN corrects bigint UNIQUE REFERENCES confirmations (id);
