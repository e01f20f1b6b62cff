-- Retention: personal data is kept as long as the organisation's policy
-- says, counted from when a round finished (HR confirmed it, it was
-- withdrawn, or a steering group closed it). A round that opens again is
-- not finished any more.
ALTER TABLE rounds ADD COLUMN finished_at timestamptz;

CREATE FUNCTION equalsay_round_finished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state IN ('CONFIRMED', 'WITHDRAWN', 'CLOSED') THEN
    IF OLD.state NOT IN ('CONFIRMED', 'WITHDRAWN', 'CLOSED') THEN
      NEW.finished_at := now();
    END IF;
  ELSE
    NEW.finished_at := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER rounds_finished BEFORE UPDATE OF state ON rounds
  FOR EACH ROW EXECUTE FUNCTION equalsay_round_finished();

-- Rounds finished before this migration: when their last event was.
UPDATE rounds r SET finished_at = coalesce(
    (SELECT max(e.at) FROM events e WHERE e.round_id = r.id), r.created_at)
  WHERE r.state IN ('CONFIRMED', 'WITHDRAWN', 'CLOSED');

CREATE INDEX rounds_finished_idx ON rounds (finished_at)
  WHERE finished_at IS NOT NULL;
CREATE INDEX request_ledger_created_idx ON request_ledger (created_at)
  WHERE response IS NOT NULL;
