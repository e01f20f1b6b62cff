-- Score sheets: the current version of each member's sheet for a candidate,
-- every version ever saved, and when each panel closed scoring.

ALTER TABLE panels
  ADD COLUMN scoring_closed_at timestamptz,
  ADD COLUMN scoring_closed_by bigint REFERENCES people (id);

CREATE TABLE score_sheets (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id     bigint NOT NULL REFERENCES rounds (id),
  panel_id     bigint NOT NULL REFERENCES panels (id),
  candidate_id bigint NOT NULL REFERENCES candidates (id),
  person_id    bigint NOT NULL REFERENCES people (id),
  version      integer NOT NULL CHECK (version > 0),
  state        text NOT NULL CHECK (state IN ('DRAFT', 'SUBMITTED')),
  overall_view text NOT NULL DEFAULT '',
  entries      jsonb NOT NULL,  -- {"entries": [...]}, the protocol's JSON
  saved_at     timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,     -- first submission
  UNIQUE (candidate_id, person_id)
);
CREATE INDEX score_sheets_round_idx ON score_sheets (round_id);

-- Every version, never changed: the amendment history.
CREATE TABLE score_sheet_versions (
  sheet_id     bigint NOT NULL REFERENCES score_sheets (id),
  version      integer NOT NULL,
  state        text NOT NULL CHECK (state IN ('DRAFT', 'SUBMITTED')),
  overall_view text NOT NULL DEFAULT '',
  entries      jsonb NOT NULL,
  saved_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sheet_id, version)
);
