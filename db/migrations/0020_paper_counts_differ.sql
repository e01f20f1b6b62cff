-- A second count that differs from the first is recorded, and stops further
-- second counts until the co-chair counts afresh: otherwise anyone on the
-- panel could try count after count until one matched, and so learn the
-- first count of a secret vote.
ALTER TABLE paper_counts
  ADD COLUMN differed_by bigint REFERENCES people (id),
  ADD COLUMN differed_at timestamptz;
