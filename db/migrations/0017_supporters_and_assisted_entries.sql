-- Everyone takes part their own way (DESIGN.md rule 9): a member names a
-- supporter for a round, who may then enter ballots and score sheets for
-- them, marked as assisted. What they enter stays the member's.

-- Who may act for whom in a round, and on whose word. A withdrawal ends it
-- at once and is kept; naming the same person again makes a new row.
CREATE TABLE supporters (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id            bigint NOT NULL REFERENCES rounds (id),
  member_id           bigint NOT NULL REFERENCES people (id),
  supporter_id        bigint NOT NULL REFERENCES people (id),
  consent             text NOT NULL CHECK (consent IN ('BY_MEMBER', 'IN_PERSON')),
  consent_recorded_by bigint NOT NULL REFERENCES people (id),
  named_at            timestamptz NOT NULL DEFAULT now(),
  withdrawn_at        timestamptz,
  withdrawn_by        bigint REFERENCES people (id),
  CHECK (member_id <> supporter_id)
);
CREATE UNIQUE INDEX supporters_current_idx
  ON supporters (round_id, member_id, supporter_id) WHERE withdrawn_at IS NULL;
-- What every call about a round asks of someone on none of its panels.
CREATE INDEX supporters_acting_idx
  ON supporters (round_id, supporter_id) WHERE withdrawn_at IS NULL;

-- How the ballot that counts was given, and by whom when assisted.
ALTER TABLE ballots
  ADD COLUMN how text NOT NULL DEFAULT 'SELF'
    CHECK (how IN ('SELF', 'IN_ROOM', 'PHONE', 'PAPER', 'WITH_HELP')),
  ADD COLUMN entered_by bigint;
ALTER TABLE ballot_versions
  ADD COLUMN how text NOT NULL DEFAULT 'SELF',
  ADD COLUMN entered_by bigint;

-- The latest assisted entry for a member's ballot in a run: waiting for the
-- member's confirmation (where the decision needs it), or counting already
-- and confirmed or not. A member's own ballot afterwards replaces the one
-- that counts; this row stays, for the minutes' count.
CREATE TABLE assisted_ballots (
  decision_id    bigint NOT NULL,
  run            integer NOT NULL,
  person_id      bigint NOT NULL,
  how            text NOT NULL
                 CHECK (how IN ('IN_ROOM', 'PHONE', 'PAPER', 'WITH_HELP')),
  entered_by     bigint NOT NULL REFERENCES people (id),
  asked_for_help boolean NOT NULL,
  choice         text NOT NULL,
  reason         text NOT NULL DEFAULT '',
  entered_at     timestamptz NOT NULL DEFAULT now(),
  confirmed_at   timestamptz,
  PRIMARY KEY (decision_id, run, person_id),
  FOREIGN KEY (decision_id, person_id)
    REFERENCES decision_electorate (decision_id, person_id)
);

ALTER TABLE rounds
  ADD COLUMN assisted_entries_need_confirmation boolean NOT NULL DEFAULT false;
-- Frozen when voting opens, like the panels' rules.
ALTER TABLE decisions
  ADD COLUMN assisted_entries_need_confirmation boolean NOT NULL DEFAULT false;

-- Each version of a score sheet a supporter wrote for its member, and how
-- the member gave it. A version the member saves themselves has no row, so
-- the mark goes with the version it belongs to.
CREATE TABLE assisted_sheet_versions (
  round_id     bigint NOT NULL REFERENCES rounds (id),
  candidate_id bigint NOT NULL REFERENCES candidates (id),
  person_id    bigint NOT NULL REFERENCES people (id),
  version      integer NOT NULL,
  how          text NOT NULL
               CHECK (how IN ('IN_ROOM', 'PHONE', 'PAPER', 'WITH_HELP')),
  entered_by   bigint NOT NULL REFERENCES people (id),
  PRIMARY KEY (candidate_id, person_id, version)
);
CREATE INDEX assisted_sheet_versions_round_idx
  ON assisted_sheet_versions (round_id);
