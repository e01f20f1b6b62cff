-- Rounds, their panels and members, candidates, criteria, conflicts of
-- interest, and the ledger that makes retried changes safe.

CREATE TABLE rounds (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('RECRUITMENT', 'STRATEGY')),
  title           text NOT NULL,
  purpose         text NOT NULL,
  scope_statement text NOT NULL,
  state           text NOT NULL,
  created_by      bigint NOT NULL REFERENCES people (id),
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE panels (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id  bigint NOT NULL REFERENCES rounds (id),
  kind      text NOT NULL CHECK (kind IN ('SERVICE_USER', 'STAFF')),
  name      text NOT NULL,
  quorum    integer NOT NULL DEFAULT 0 CHECK (quorum >= 0),  -- 0: more than half
  threshold text NOT NULL
            CHECK (threshold IN ('SIMPLE_MAJORITY', 'TWO_THIRDS', 'UNANIMOUS')),
  UNIQUE (round_id, kind)
);

-- A person sits on at most one panel of a round.
CREATE TABLE panel_members (
  round_id  bigint NOT NULL REFERENCES rounds (id),
  panel_id  bigint NOT NULL REFERENCES panels (id),
  person_id bigint NOT NULL REFERENCES people (id),
  role      text NOT NULL CHECK (role IN ('CO_CHAIR', 'MEMBER', 'OBSERVER')),
  added_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, person_id)
);
CREATE INDEX panel_members_person_idx ON panel_members (person_id);
CREATE INDEX panel_members_panel_idx ON panel_members (panel_id);

CREATE TABLE candidates (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id     bigint NOT NULL REFERENCES rounds (id),
  name         text NOT NULL,
  reference    text NOT NULL DEFAULT '',  -- anonymised reference, if any
  withdrawn_at timestamptz
);
CREATE INDEX candidates_round_idx ON candidates (round_id);

CREATE TABLE criteria (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id  bigint NOT NULL REFERENCES rounds (id),
  position  integer NOT NULL,
  question  text NOT NULL,
  weight    double precision NOT NULL CHECK (weight > 0),
  scale     jsonb NOT NULL,  -- [{"value": 0, "words": "no evidence"}, ...]
  UNIQUE (round_id, position)
);

CREATE TABLE conflicts (
  round_id     bigint NOT NULL REFERENCES rounds (id),
  candidate_id bigint NOT NULL REFERENCES candidates (id),
  person_id    bigint NOT NULL REFERENCES people (id),
  reason       text NOT NULL,
  declared_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (candidate_id, person_id)
);

-- One row per change a person asked for, by their request id: a retry finds
-- the row and gets the first answer back instead of changing anything again.
CREATE TABLE request_ledger (
  person_id    bigint NOT NULL REFERENCES people (id),
  request_id   text NOT NULL,
  method       text NOT NULL,
  request_hash text NOT NULL,
  response     text,  -- base64 of the serialized answer
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, request_id)
);
