-- Ballots cast together are read in one statement and written in the next,
-- each its own transaction. The write checks that what it changes is as the
-- read found it; if not, this ends the statement with a serialization
-- failure, so nothing of it is written and the server reads again.
CREATE FUNCTION equalsay_unchanged_since_read(unchanged boolean)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT unchanged THEN
    RAISE EXCEPTION 'the data changed after it was read'
      USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN true;
END
$$;
