-- An event takes its sequence number, time and transaction from the
-- database, never from whoever writes it: an insert that names its own
-- (OVERRIDING SYSTEM VALUE, a back-dated time, another transaction's id)
-- is refused, so nobody but the tables' owner or a superuser (who can turn
-- triggers off) can slip an event in among older ones.
CREATE FUNCTION equalsay_event_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq IS DISTINCT FROM
     currval(pg_get_serial_sequence('events', 'seq')) THEN
    RAISE EXCEPTION 'events take their sequence number from the database';
  END IF;
  NEW.at := clock_timestamp();
  NEW.xid := pg_current_xact_id();
  RETURN NEW;
END
$$;
CREATE TRIGGER events_take_their_place BEFORE INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION equalsay_event_place();
