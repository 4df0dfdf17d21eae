-- Room messages with their per-room sequence numbers.
CREATE TABLE chat_rooms (
  room text PRIMARY KEY,
  -- The newest seq given in the room; raised in the transaction that inserts.
  latest_seq bigint NOT NULL
);

CREATE TABLE chat_messages (
  room text NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL,
  user_id text NOT NULL,
  nickname text NOT NULL,
  body text NOT NULL,
  at bigint NOT NULL, -- epoch milliseconds, as on the wire
  client_message_id text,
  PRIMARY KEY (room, seq)
);

-- A retry with the same clientMessageId finds the first send.
CREATE UNIQUE INDEX chat_messages_client_id
  ON chat_messages (room, user_id, client_message_id)
  WHERE client_message_id IS NOT NULL;

-- Retention deletes the oldest rows first.
CREATE INDEX chat_messages_at ON chat_messages (at);
