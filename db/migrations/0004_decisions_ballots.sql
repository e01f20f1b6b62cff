-- Decisions with their frozen rules and electorates, ballots and every
-- version of them, requests to reopen, and HR's confirmations.

CREATE TABLE decisions (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id             bigint NOT NULL REFERENCES rounds (id),
  candidate_id         bigint REFERENCES candidates (id),
  title                text NOT NULL,
  body                 text NOT NULL DEFAULT '',
  method               text NOT NULL CHECK (method IN ('YES_NO', 'CONSENT')),
  secrecy              text NOT NULL CHECK (secrecy IN ('NAMED', 'SECRET')),
  state                text NOT NULL CHECK (state IN ('VOTING', 'CLOSED')),
  run                  integer NOT NULL DEFAULT 1,
  closes_at            timestamptz,
  close_when_all_voted boolean NOT NULL DEFAULT false,
  opened_at            timestamptz NOT NULL DEFAULT now(),
  closed_at            timestamptz,
  result               text NOT NULL DEFAULT '',  -- of the latest close
  next_step            text NOT NULL DEFAULT '',  -- once every panel agrees
  created_by           bigint NOT NULL REFERENCES people (id)
);
CREATE INDEX decisions_round_idx ON decisions (round_id);
-- One decision per candidate; re-running it is a reopening, not a new one.
CREATE UNIQUE INDEX decisions_candidate_idx ON decisions (candidate_id)
  WHERE candidate_id IS NOT NULL;
-- What the closer looks at: open decisions with a closing time.
CREATE INDEX decisions_closing_idx ON decisions (closes_at)
  WHERE state = 'VOTING' AND closes_at IS NOT NULL;

-- Each panel's rule as it was when voting opened, and its co-chair's acts.
CREATE TABLE decision_panels (
  decision_id bigint NOT NULL REFERENCES decisions (id),
  panel_id    bigint NOT NULL REFERENCES panels (id),
  kind        text NOT NULL,
  name        text NOT NULL,
  quorum      integer NOT NULL,
  threshold   text NOT NULL,
  closed_at   timestamptz,
  closed_by   bigint REFERENCES people (id),
  next_step   text NOT NULL DEFAULT '',
  PRIMARY KEY (decision_id, panel_id)
);

-- Who could vote when voting opened (recused members marked), so the
-- outcome can be recounted exactly later.
CREATE TABLE decision_electorate (
  decision_id bigint NOT NULL REFERENCES decisions (id),
  person_id   bigint NOT NULL REFERENCES people (id),
  panel_id    bigint NOT NULL REFERENCES panels (id),
  recused     boolean NOT NULL,
  PRIMARY KEY (decision_id, person_id)
);

-- The ballot that counts: one per voter per run of the decision. Only the
-- frozen electorate can hold one (and the key lock each insert takes is on
-- the voter's own electorate row, so voters never wait for one another).
CREATE TABLE ballots (
  decision_id bigint NOT NULL,
  run         integer NOT NULL,
  person_id   bigint NOT NULL,
  panel_id    bigint NOT NULL,
  choice      text NOT NULL
              CHECK (choice IN ('AGREE', 'DISAGREE', 'ABSTAIN', 'STAND_ASIDE',
                                'OBJECT')),
  reason      text NOT NULL DEFAULT '',
  version     integer NOT NULL,
  cast_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (decision_id, run, person_id),
  FOREIGN KEY (decision_id, person_id)
    REFERENCES decision_electorate (decision_id, person_id)
);

-- Every version of every ballot, never changed.
CREATE TABLE ballot_versions (
  decision_id bigint NOT NULL,
  run         integer NOT NULL,
  person_id   bigint NOT NULL,
  version     integer NOT NULL,
  choice      text NOT NULL,
  reason      text NOT NULL,
  cast_at     timestamptz NOT NULL,
  PRIMARY KEY (decision_id, run, person_id, version)
);

-- One key per panel: a decision reopens when every panel has asked.
CREATE TABLE reopen_requests (
  decision_id bigint NOT NULL REFERENCES decisions (id),
  run         integer NOT NULL,
  panel_id    bigint NOT NULL REFERENCES panels (id),
  person_id   bigint NOT NULL REFERENCES people (id),
  reason      text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (decision_id, run, panel_id)
);

CREATE TABLE confirmations (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id    bigint NOT NULL REFERENCES rounds (id),
  decision_id bigint NOT NULL REFERENCES decisions (id),
  action      text NOT NULL
              CHECK (action IN ('OFFER_MADE', 'ACCEPTED', 'DECLINED')),
  note        text NOT NULL DEFAULT '',
  person_id   bigint NOT NULL REFERENCES people (id),
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX confirmations_round_idx ON confirmations (round_id);
