-- Webhook events waiting for delivery, written in the same statement (so the
-- same transaction) as their messages: an acknowledged message's event
-- survives a crash of any or all instances. The instance sending a row
-- holds it by a lease; delivered rows are deleted; rows that failed for
-- 24 h stay, marked dead. The event's id is the webhook-id of every attempt.
CREATE TABLE chat_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  room text NOT NULL,
  seq bigint NOT NULL,
  created_at bigint NOT NULL,              -- epoch ms the message was accepted
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL DEFAULT 0,
  lease_until bigint NOT NULL DEFAULT 0,
  dead_at bigint
);

-- The rows to claim next: every poll.
CREATE INDEX chat_outbox_due ON chat_outbox (next_attempt_at) WHERE dead_at IS NULL;
