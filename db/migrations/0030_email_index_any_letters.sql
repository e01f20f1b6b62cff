-- Addresses are found in any letter case of any script, as lower() found
-- them before they were locked, not only A to Z: every index is made
-- again, by each server's start-up pass over people (it opens the address
-- and indexes it), before the server takes calls.
UPDATE people SET email_index = NULL WHERE email_index IS NOT NULL;
