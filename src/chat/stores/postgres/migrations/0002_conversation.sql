-- Edits and deletions change a message in place: its seq stays (a deleted
-- one is a tombstone with an empty body).
ALTER TABLE chat_messages
  ADD COLUMN edited_at bigint,
  ADD COLUMN deleted_at bigint;

-- Edits and deletions name a message by id.
-- IF NOT EXISTS: an operator may build it first, CONCURRENTLY (docs/operations.md).
CREATE UNIQUE INDEX IF NOT EXISTS chat_messages_id ON chat_messages (id);

-- How far each user has read each room (a seq; only moves forward).
CREATE TABLE chat_reads (
  room text NOT NULL,
  user_id text NOT NULL,
  last_read bigint NOT NULL,
  PRIMARY KEY (room, user_id)
);

-- Bans and mutes per user and room; ends_at (epoch ms) NULL: until lifted.
CREATE TABLE chat_moderation (
  room text NOT NULL,
  user_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ban', 'mute')),
  ends_at bigint,
  PRIMARY KEY (room, user_id, kind)
);
