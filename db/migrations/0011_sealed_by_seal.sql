-- Verifying reads each seal's list in order, a page at a time.
CREATE INDEX audit_sealed_events_seal_idx ON audit_sealed_events (seal_no, seq);
