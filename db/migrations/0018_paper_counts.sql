-- Paper ballots counted in the room for a SECRET decision (DESIGN.md rule
-- 9): two people of a panel count the papers and enter the same counts.
-- Each member who handed in a paper then has a ballot row marked
-- 'PAPER_COUNT' with no choice, so everything that asks who has voted
-- (progress, reminders, closing when everyone has) sees them, and they
-- cannot vote again; the choices exist only as the panel's counts below.
ALTER TABLE ballots DROP CONSTRAINT ballots_how_check;
ALTER TABLE ballots
  ALTER COLUMN choice DROP NOT NULL,
  ADD CONSTRAINT ballots_how_check CHECK (
    how IN ('SELF', 'IN_ROOM', 'PHONE', 'PAPER', 'WITH_HELP', 'PAPER_COUNT')),
  ADD CONSTRAINT ballots_paper_has_no_choice CHECK (
    (how = 'PAPER_COUNT') = (choice IS NULL));
ALTER TABLE ballot_versions ALTER COLUMN choice DROP NOT NULL;

-- One paper count per panel per run. First entered by a co-chair of the
-- panel; it counts once a second person of the panel entered the same
-- voters and counts (checked_by). Until then the first may enter it again.
CREATE TABLE paper_counts (
  decision_id bigint NOT NULL REFERENCES decisions (id),
  run         integer NOT NULL,
  panel_id    bigint NOT NULL REFERENCES panels (id),
  voters      bigint[] NOT NULL,  -- Sorted person ids.
  agree       integer NOT NULL CHECK (agree >= 0),
  disagree    integer NOT NULL CHECK (disagree >= 0),
  abstain     integer NOT NULL CHECK (abstain >= 0),
  stand_aside integer NOT NULL CHECK (stand_aside >= 0),
  object      integer NOT NULL CHECK (object >= 0),
  counted_by  bigint NOT NULL REFERENCES people (id),
  counted_at  timestamptz NOT NULL DEFAULT now(),
  checked_by  bigint REFERENCES people (id),
  checked_at  timestamptz,
  PRIMARY KEY (decision_id, run, panel_id),
  CHECK (agree + disagree + abstain + stand_aside + object
         = cardinality(voters)),
  CHECK (checked_by IS NULL OR checked_by <> counted_by)
);
