-- Who holds each working token, defined once: the server signs people in
-- with it, one call at a time and many ballots at a time.
CREATE VIEW token_holders AS
  SELECT t.token_hash, p.id AS person_id, p.display_name, p.org_role
  FROM tokens t JOIN people p ON p.id = t.person_id
  WHERE t.revoked_at IS NULL AND p.active
    AND (t.expires_at IS NULL OR t.expires_at > now());
