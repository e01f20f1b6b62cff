-- E-mail to send, being sent, sent, or given up on. A row says to whom and
-- why, never the words or the sign-in link: those are made as it is sent,
-- so a corrected name is the one used and no working link waits here.
CREATE TABLE mail_queue (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people (id),
  kind        text NOT NULL CHECK (kind IN ('invitation', 'scoring_open',
                'voting_open', 'closing_soon', 'reminder')),
  round_id    bigint REFERENCES rounds (id),
  decision_id bigint REFERENCES decisions (id),
  asked_by    bigint REFERENCES people (id),   -- A reminder's co-chair.
  to_do       text[] NOT NULL DEFAULT '{}',    -- A reminder's list.
  -- The same message is never queued twice (for example one invitation
  -- per person and round).
  once_key    text NOT NULL UNIQUE,
  state       text NOT NULL DEFAULT 'queued'
              CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts    integer NOT NULL DEFAULT 0,
  not_before  timestamptz NOT NULL DEFAULT now(),
  claimed_at  timestamptz,
  sent_at     timestamptz,
  last_error  text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_queue_due_idx ON mail_queue (not_before) WHERE state = 'queued';
CREATE INDEX mail_queue_person_idx ON mail_queue (person_id);
CREATE INDEX mail_queue_round_idx ON mail_queue (round_id);
