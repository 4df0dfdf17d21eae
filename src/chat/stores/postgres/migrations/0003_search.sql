-- room:search: the words of every message, for a full-text match of all
-- the query's words ('simple': no stemming, no stop words: whole words,
-- any case). IF NOT EXISTS: an operator may build it first, CONCURRENTLY
-- (docs/operations.md).
CREATE INDEX IF NOT EXISTS chat_messages_search
  ON chat_messages USING gin (to_tsvector('simple', body));
