-- Secret decisions show counts only where the round chose to publish them
-- (and then only for panels of five or more voters): by default a secret
-- decision shows per panel only whether it agreed and who took part.
ALTER TABLE rounds ADD COLUMN publish_secret_counts boolean NOT NULL DEFAULT false;

-- Every run of a decision, as it closed: a reopened decision keeps the
-- outcome and next step of each earlier run (its tallies and reasons are
-- recounted from that run's ballots, which are never removed).
CREATE TABLE decision_runs (
  decision_id bigint NOT NULL REFERENCES decisions (id),
  run         integer NOT NULL,
  result      text NOT NULL,
  next_step   text NOT NULL DEFAULT '',
  opened_at   timestamptz,
  closed_at   timestamptz NOT NULL,
  PRIMARY KEY (decision_id, run)
);

-- Runs closed before this table existed, from the audit trail: the latest
-- close of each run, and the run's current next step for the current run.
INSERT INTO decision_runs (decision_id, run, result, closed_at)
SELECT DISTINCT ON (d.id, (e.payload->>'run')::integer)
       d.id, (e.payload->>'run')::integer, e.payload->>'result', e.at
  FROM events e JOIN decisions d ON e.subject = 'decision/' || d.id
 WHERE e.action = 'decision.closed' AND e.payload ? 'run'
 ORDER BY d.id, (e.payload->>'run')::integer, e.seq DESC;
UPDATE decision_runs r SET next_step = d.next_step, opened_at = d.opened_at
  FROM decisions d WHERE d.id = r.decision_id AND d.run = r.run;
