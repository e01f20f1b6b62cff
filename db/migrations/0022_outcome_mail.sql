-- When HR records what came of an agreed candidate (an offer made,
-- accepted or declined, or a correction), the panels hear it by e-mail
-- too: each message says what that entry recorded.
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_kind_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_kind_check
  CHECK (kind IN ('invitation', 'scoring_open', 'voting_open', 'closing_soon',
                  'reminder', 'outcome'));
ALTER TABLE mail_queue
  ADD COLUMN confirmation_id bigint REFERENCES confirmations (id);
