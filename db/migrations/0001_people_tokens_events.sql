-- People with access, their tokens (only ever as hashes) and the audit trail.

CREATE TABLE people (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  email         text CHECK (length(email) <= 320),
  org_role      text NOT NULL CHECK (org_role IN ('ADMIN', 'HR', 'MEMBER')),
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  deactivated_at timestamptz
);

-- A token is shown once when issued; only its SHA-256 is kept.
CREATE TABLE tokens (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  person_id   bigint NOT NULL REFERENCES people (id),
  label       text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX tokens_person_idx ON tokens (person_id);

-- Every change is an event: who (actor_id; NULL for the server itself),
-- when, what (action and subject) and the details (payload).
CREATE TABLE events (
  seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id  bigint REFERENCES people (id),
  action    text NOT NULL,
  subject   text NOT NULL,
  round_id  bigint,
  payload   jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX events_round_idx ON events (round_id, seq) WHERE round_id IS NOT NULL;
