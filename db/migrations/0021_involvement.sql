-- Involvement: the time people give and the costs they meet, how each
-- person chooses to be recognised, and the rates an hour is paid at.
-- Rates are keyed by activity and panel role only, never by kind of panel:
-- the same role on either panel is paid the same, by construction.
CREATE TABLE rates (
  kind           text NOT NULL,
  role           text NOT NULL CHECK (role IN ('CO_CHAIR', 'MEMBER')),
  pence_per_hour bigint NOT NULL CHECK (pence_per_hour >= 0),
  set_by         bigint NOT NULL REFERENCES people (id),
  set_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, role)
);

CREATE TABLE involvement (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id      bigint NOT NULL REFERENCES people (id),
  round_id       bigint NOT NULL REFERENCES rounds (id),
  kind           text NOT NULL,
  minutes        integer NOT NULL CHECK (minutes >= 0),
  -- An expense's amount; for time, its value once confirmed.
  amount_pence   bigint NOT NULL DEFAULT 0 CHECK (amount_pence >= 0),
  on_date        date NOT NULL,
  note           text NOT NULL DEFAULT '',
  from_record    boolean NOT NULL DEFAULT false,
  state          text NOT NULL DEFAULT 'AWAITING'
                 CHECK (state IN ('AWAITING', 'CONFIRMED', 'DECLINED')),
  recorded_by    bigint NOT NULL REFERENCES people (id),
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  decided_by     bigint REFERENCES people (id),
  decided_at     timestamptz,
  decline_reason text NOT NULL DEFAULT '',
  rate_pence_per_hour bigint,
  CHECK ((state = 'AWAITING') = (decided_by IS NULL))
);
CREATE INDEX involvement_round_idx ON involvement (round_id, id);
CREATE INDEX involvement_person_idx ON involvement (person_id, on_date);
-- What equalsay fills in from its own record, once per person and kind.
CREATE UNIQUE INDEX involvement_from_record_once
  ON involvement (person_id, round_id, kind) WHERE from_record;

CREATE TABLE recognition_choices (
  person_id   bigint NOT NULL REFERENCES people (id),
  round_id    bigint NOT NULL REFERENCES rounds (id),
  recognition text NOT NULL
              CHECK (recognition IN ('PAYMENT', 'VOUCHER', 'TRAINING', 'NONE')),
  chosen_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, round_id)
);

-- The income limit a person keeps under (for example for their benefits):
-- theirs to set, for their statement's warning.
CREATE TABLE income_limits (
  person_id   bigint PRIMARY KEY REFERENCES people (id),
  limit_pence bigint NOT NULL CHECK (limit_pence > 0),
  set_at      timestamptz NOT NULL DEFAULT now()
);
