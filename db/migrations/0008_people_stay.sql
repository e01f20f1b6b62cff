-- Every change writes a ledger row and an event naming the person, and the
-- foreign keys from both to people locked that person's row each time (one
-- write-ahead log record per change, the largest single cost of a ballot in
-- PostgreSQL). All they guarded against was a person being deleted, which
-- never happens: people are deactivated (DeactivatePerson), so the audit
-- trail can always name them. The database now refuses the delete itself,
-- and the two keys go. Ballots keep theirs, to the frozen electorate.
CREATE FUNCTION equalsay_people_stay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'people are never deleted, so the audit trail can always name them: deactivate the person instead';
END
$$;
CREATE TRIGGER people_stay BEFORE DELETE ON people
  FOR EACH ROW EXECUTE FUNCTION equalsay_people_stay();
CREATE TRIGGER people_stay_whole BEFORE TRUNCATE ON people
  FOR EACH STATEMENT EXECUTE FUNCTION equalsay_people_stay();
REVOKE DELETE, TRUNCATE ON people FROM CURRENT_USER;

ALTER TABLE events DROP CONSTRAINT events_actor_id_fkey;
ALTER TABLE request_ledger DROP CONSTRAINT request_ledger_person_id_fkey;
