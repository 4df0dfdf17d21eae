-- Replies: the quoted message as it was when the reply was sent
-- ({ id, seq, from, text } as JSON; NULL for a message that answers none).
-- A nullable column: no table rewrite.
ALTER TABLE chat_messages ADD COLUMN reply_to jsonb;
