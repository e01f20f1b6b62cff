-- The round's pack: documents everyone in the round reads (the job
-- description, interview questions, each candidate's application or CV).
-- What the content is (PDF or text) is decided by the server from the bytes,
-- never taken from the uploader. A removed document stays as a row, for
-- the record, but is no longer served.
CREATE TABLE documents (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id     bigint NOT NULL REFERENCES rounds (id),
  candidate_id bigint REFERENCES candidates (id),
  title        text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('JOB_DESCRIPTION',
                 'INTERVIEW_QUESTIONS', 'APPLICATION', 'CV', 'OTHER')),
  media_type   text NOT NULL CHECK (media_type IN ('application/pdf',
                 'text/plain; charset=utf-8')),
  content      bytea NOT NULL,
  added_by     bigint NOT NULL REFERENCES people (id),
  added_at     timestamptz NOT NULL DEFAULT now(),
  removed_at   timestamptz
);
CREATE INDEX documents_round_idx ON documents (round_id) WHERE removed_at IS NULL;
