-- Members of signed-in users' rooms: per user, not per socket, kept across
-- disconnects, instances and restarts. kind 'direct': a dm: room of two.
CREATE TABLE chat_members (
  room text NOT NULL,
  user_id text NOT NULL,
  nickname text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('room', 'direct')),
  joined_at bigint NOT NULL, -- epoch milliseconds
  PRIMARY KEY (room, user_id)
);

-- A user's rooms: every connect and every inbox:list.
CREATE INDEX chat_members_user ON chat_members (user_id);
