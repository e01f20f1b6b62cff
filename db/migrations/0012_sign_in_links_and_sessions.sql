-- Three kinds of token. A sign-in link works once, for a few days, and is
-- exchanged for a session; a session ends after a spell without use
-- (`idle`, slid forward as it is used); a script token is named and lasts
-- until it expires or is revoked (every token before this migration).
ALTER TABLE tokens
  ADD COLUMN kind text NOT NULL DEFAULT 'script'
    CHECK (kind IN ('script', 'link', 'session')),
  ADD COLUMN idle interval CHECK ((idle IS NOT NULL) = (kind = 'session')),
  ADD COLUMN used_at timestamptz CHECK (used_at IS NULL OR kind = 'link'),
  ADD COLUMN last_used_at timestamptz;
ALTER TABLE tokens ALTER COLUMN kind DROP DEFAULT;

-- A link is not a bearer token: only SignIn takes it (auth.cc), so the
-- view that every other call and the ballot batches sign in with leaves
-- links out.
CREATE OR REPLACE VIEW token_holders AS
  SELECT t.token_hash, p.id AS person_id, p.display_name, p.org_role,
         t.id AS token_id, t.kind,
         coalesce(t.last_used_at, t.created_at) < now() - interval '1 hour'
           AS stale_use
  FROM tokens t JOIN people p ON p.id = t.person_id
  WHERE t.revoked_at IS NULL AND p.active AND t.kind <> 'link'
    AND (t.expires_at IS NULL OR t.expires_at > now());

-- People are found by e-mail address (apply files, invitations), in any
-- letter case.
CREATE INDEX people_email_idx ON people (lower(email));
