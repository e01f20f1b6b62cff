-- Erasure on request (UK GDPR). A person's or candidate's personal data is
-- overwritten where it is kept; the row itself stays, called "Erased person
-- 12", so that ballots, sheets, tallies and the audit trail (which names
-- people and candidates by id only) stay whole and verifiable.
ALTER TABLE people ADD COLUMN erased_at timestamptz;
ALTER TABLE candidates ADD COLUMN erased_at timestamptz;

CREATE OR REPLACE FUNCTION equalsay_people_stay() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'people are never deleted, so the audit trail can always name them: deactivate the person, or erase their personal data (equalsay person erase)';
END
$$;

-- What is erased stays erased: nothing writes a name, an address or a
-- reference back, and nobody is brought back to sign in.
CREATE FUNCTION equalsay_erased_person_stays() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.erased_at IS NULL OR NEW.display_name <> OLD.display_name
     OR NEW.email IS NOT NULL OR NEW.active THEN
    RAISE EXCEPTION 'person % was erased on request; their personal data is not written back', OLD.id;
  END IF;
  RETURN NEW;
END
$$;
CREATE FUNCTION equalsay_erased_candidate_stays() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.erased_at IS NULL OR NEW.name <> OLD.name
     OR NEW.reference <> OLD.reference THEN
    RAISE EXCEPTION 'candidate % was erased on request; their personal data is not written back', OLD.id;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER people_erased_stay BEFORE UPDATE ON people
  FOR EACH ROW WHEN (OLD.erased_at IS NOT NULL)
  EXECUTE FUNCTION equalsay_erased_person_stays();
CREATE TRIGGER candidates_erased_stay BEFORE UPDATE ON candidates
  FOR EACH ROW WHEN (OLD.erased_at IS NOT NULL)
  EXECUTE FUNCTION equalsay_erased_candidate_stays();
