-- The first answer to each change, kept a day for its retries, is locked
-- from now on under a key of the day it was given
-- (services/privacy/store/stored_answers.h). Answers kept as written
-- before go now: a retry of one is told the change was carried out, and
-- changes nothing.
UPDATE request_ledger SET response = NULL
  WHERE response IS NOT NULL AND position(':' IN response) = 0;
