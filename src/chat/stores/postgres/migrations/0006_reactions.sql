-- Reactions: one row per message, emoji and user (the key counts a
-- reaction once, whatever instance adds it). `added` orders the users by
-- time; `first_added`, copied from the emoji's earlier rows, orders the
-- emoji by first use for as long as any user keeps it. They go with their
-- message (retention).
CREATE TABLE chat_reactions (
  message_id uuid NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
  emoji text NOT NULL,
  user_id text NOT NULL,
  added bigserial NOT NULL,
  first_added bigint NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
);
