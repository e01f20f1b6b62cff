-- The key of the set-up file a round was made from (`equalsay apply`), so
-- that applying the file again finds the round and changes only what the
-- file changed.
ALTER TABLE rounds ADD COLUMN setup_key text UNIQUE
  CHECK (setup_key ~ '^[a-z0-9][a-z0-9-]{0,29}$');
