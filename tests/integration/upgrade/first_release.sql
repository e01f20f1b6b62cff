-- Data as the first release of equalsay (migrations 0001-0008) left it: a
-- recruitment round both panels scored, one candidate both agreed on by a
-- named vote, the round decided, HR not yet involved. Written against that
-- schema only; upgrade_test.cc applies those migrations, then this, then
-- starts today's server on it.
-- The administrator signs in with eqs_upgrade-fixture-token-0123456789abcdefghij.
INSERT INTO people (display_name, org_role) VALUES
  ('Administrator', 'ADMIN'), ('Asha Patel', 'MEMBER'), ('Ben Okafor', 'MEMBER'),
  ('Ellis Grant', 'MEMBER'), ('Fern Adeyemi', 'MEMBER'), ('Hana Said', 'HR');
INSERT INTO tokens (token_hash, person_id, label) VALUES
  ('2934cfa3a3f1c9683027bd0b7f60f341b0f7e108892d93f0eb1eb1d7d990e3bf', 1,
   'bootstrap');
INSERT INTO rounds (kind, title, purpose, scope_statement, state, created_by)
VALUES ('RECRUITMENT', 'Peer Support Worker', 'Appoint a peer support worker.',
        'Fixed: the salary. Open: who is appointed.', 'DECIDED', 1);
INSERT INTO panels (round_id, kind, name, quorum, threshold,
                    scoring_closed_at, scoring_closed_by) VALUES
  (1, 'SERVICE_USER', 'Service User Panel', 0, 'SIMPLE_MAJORITY', now(), 2),
  (1, 'STAFF', 'Staff Panel', 0, 'SIMPLE_MAJORITY', now(), 4);
INSERT INTO panel_members (round_id, panel_id, person_id, role) VALUES
  (1, 1, 2, 'CO_CHAIR'), (1, 1, 3, 'MEMBER'),
  (1, 2, 4, 'CO_CHAIR'), (1, 2, 5, 'MEMBER');
INSERT INTO candidates (round_id, name, reference)
VALUES (1, 'Sam Jones', 'Candidate A');
INSERT INTO criteria (round_id, position, question, weight, scale) VALUES
  (1, 1, 'How well would they listen to people who use our services?', 1,
   '[{"value": 0, "words": "No evidence"}, {"value": 1, "words": "Some evidence"},
     {"value": 2, "words": "Strong evidence"}]');
INSERT INTO score_sheets (round_id, panel_id, candidate_id, person_id, version,
                          state, overall_view, entries, submitted_at)
SELECT 1, m.panel_id, 1, m.person_id, 1, 'SUBMITTED', 'APPOINTABLE',
       '{"entries": [{"criterionId": "1", "score": 2, "evidence": "Listened well."}]}',
       now()
  FROM panel_members m;
INSERT INTO score_sheet_versions (sheet_id, version, state, overall_view,
                                  entries, saved_at)
SELECT id, version, state, overall_view, entries, saved_at FROM score_sheets;
INSERT INTO decisions (round_id, candidate_id, title, method, secrecy, state,
                       run, closed_at, result, created_by)
VALUES (1, 1, 'Appoint Candidate A to the post?', 'YES_NO', 'NAMED', 'CLOSED',
        1, now(), 'AGREED', 2);
INSERT INTO decision_panels (decision_id, panel_id, kind, name, quorum,
                             threshold, closed_at, closed_by) VALUES
  (1, 1, 'SERVICE_USER', 'Service User Panel', 0, 'SIMPLE_MAJORITY', now(), 2),
  (1, 2, 'STAFF', 'Staff Panel', 0, 'SIMPLE_MAJORITY', now(), 4);
INSERT INTO decision_electorate (decision_id, person_id, panel_id, recused)
SELECT 1, person_id, panel_id, false FROM panel_members;
INSERT INTO ballots (decision_id, run, person_id, panel_id, choice, version)
SELECT 1, 1, person_id, panel_id, 'AGREE', 1 FROM panel_members;
INSERT INTO ballot_versions (decision_id, run, person_id, version, choice,
                             reason, cast_at)
SELECT decision_id, run, person_id, version, choice, reason, cast_at
  FROM ballots;
INSERT INTO events (actor_id, action, subject, round_id, payload) VALUES
  (NULL, 'person.created', 'person/1', NULL, '{}'),
  (1, 'round.created', 'round/1', 1, '{"kind": "RECRUITMENT"}'),
  (1, 'round.opened', 'round/1', 1, '{}'),
  (2, 'scoring.closed', 'panel/1', 1, '{}'),
  (4, 'scoring.closed', 'panel/2', 1, '{}'),
  (2, 'decision.created', 'decision/1', 1, '{"candidate_id": "1"}'),
  (2, 'decision.panel_closed', 'decision/1', 1, '{"panel_id": "1"}'),
  (4, 'decision.closed', 'decision/1', 1, '{"run": 1, "result": "AGREED"}'),
  (4, 'round.decided', 'round/1', 1, '{}');
