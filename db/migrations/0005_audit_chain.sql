-- An audit trail anyone can verify: events become append-only, and a
-- background sealer links them into a hash chain.

-- The transaction that wrote each event, which decides the seal it joins.
ALTER TABLE events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_xid_idx ON events (xid);

CREATE FUNCTION equalsay_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed',
    TG_OP, TG_TABLE_NAME;
END
$$;

CREATE TABLE audit_seals (
  seal_no   bigint PRIMARY KEY,
  from_xid  xid8 NOT NULL,
  to_xid    xid8 NOT NULL,
  next_xid  xid8 NOT NULL,  -- first transaction id not yet given out
  prev_hash text NOT NULL,
  hash      text NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now()
);

-- No foreign key to audit_seals: its check would lock seal rows, which the
-- service may not do; the verifier checks the two agree instead.
CREATE TABLE audit_sealed_events (
  seq          bigint PRIMARY KEY,
  seal_no      bigint NOT NULL,
  content_hash text NOT NULL
);

-- Neither the service nor a slip of anyone's hand changes the trail: the
-- service's role loses the right to, and a trigger refuses it anyway.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['events', 'audit_seals', 'audit_sealed_events'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I '
                   'FOR EACH ROW EXECUTE FUNCTION equalsay_append_only()',
                   t || '_append_only', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION equalsay_append_only()',
                   t || '_no_truncate', t);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM CURRENT_USER', t);
  END LOOP;
END
$$;
