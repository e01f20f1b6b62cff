-- "You said, we did": what will be done after an agreed decision, who owns
-- it and by when, and every step of its progress, so that members hear
-- what came of what they decided.
CREATE TABLE actions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id    bigint NOT NULL REFERENCES rounds (id),
  decision_id bigint NOT NULL REFERENCES decisions (id),
  what        text NOT NULL,
  owner_id    bigint NOT NULL REFERENCES people (id),
  due_at      timestamptz NOT NULL,
  state       text NOT NULL DEFAULT 'NOT_STARTED'
              CHECK (state IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'DROPPED')),
  added_by    bigint NOT NULL REFERENCES people (id),
  added_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actions_round_idx ON actions (round_id, id);

-- Each update, oldest first: the state it set and the note, by whom.
CREATE TABLE action_updates (
  action_id bigint NOT NULL REFERENCES actions (id),
  seq       integer NOT NULL,
  state     text NOT NULL
            CHECK (state IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'DROPPED')),
  note      text NOT NULL,
  by_id     bigint NOT NULL REFERENCES people (id),
  at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (action_id, seq)
);
