-- Free text an event records (a reason someone gave) is kept here rather
-- than in the event. The event holds the text's id and a hash of a random
-- salt and the text; the seal covers that, so erasing the row (text and
-- salt together) leaves every seal valid, and nothing is left to guess the
-- text from. `about` names the subjects whose erasure takes it away.
-- Events written before this migration keep their reasons as they were.
CREATE TABLE event_texts (
  id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  salt  text NOT NULL,
  text  text NOT NULL,
  about text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX event_texts_about_idx ON event_texts USING gin (about);
