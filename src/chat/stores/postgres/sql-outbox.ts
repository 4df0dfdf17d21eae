/**
 * The statements of the webhook outbox (`migrations/0007_outbox.sql`),
 * parameterised; with `sql.ts`, every statement the chat sends.
 */
export const OUTBOX_SQL = {
  /**
   * Leases up to $2 due rows for $3 ms from $1 (epoch ms), skipping rows
   * another instance holds, and reads each one's message (its columns
   * null when the message is gone, e.g. past retention).
   */
  claim: `
    WITH due AS (
      SELECT id FROM chat_outbox
      WHERE dead_at IS NULL AND next_attempt_at <= $1 AND lease_until <= $1
      ORDER BY next_attempt_at
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE chat_outbox o SET lease_until = $1 + $3, attempts = o.attempts + 1
      FROM due WHERE o.id = due.id
      RETURNING o.id AS event_id, o.room AS event_room, o.seq AS event_seq,
                o.created_at AS accepted_at, o.attempts
    )
    SELECT c.event_id, c.accepted_at, c.attempts, m.*
    FROM claimed c
    LEFT JOIN chat_messages m ON m.room = c.event_room AND m.seq = c.event_seq`,

  /** Delivered (or undeliverable: the message is gone): the rows go. */
  remove: 'DELETE FROM chat_outbox WHERE id = ANY($1::uuid[])',

  /** Failed attempts: each row waits until its next attempt, free for any instance. */
  reschedule: `
    UPDATE chat_outbox o
    SET next_attempt_at = r.next_at, lease_until = 0,
        attempts = greatest(o.attempts, r.attempts)
    FROM unnest($1::uuid[], $2::bigint[], $3::int[]) AS r(id, next_at, attempts)
    WHERE o.id = r.id`,

  /** Given up after 24 h: kept, marked dead at $2, never claimed again. */
  bury: 'UPDATE chat_outbox SET dead_at = $2, lease_until = 0 WHERE id = ANY($1::uuid[])',

  /** How many events wait, and when the oldest was accepted. */
  backlog: `
    SELECT count(*) AS waiting, min(created_at) AS oldest_at
    FROM chat_outbox WHERE dead_at IS NULL`,

  /** At commit, tells the instances that a message was published in a host's transaction ($1: JSON naming the instance, room and message). */
  notifyPublished: "SELECT pg_notify('chat_published', $1)",
} as const;

/** The channel of `notifyPublished`. */
export const PUBLISHED_CHANNEL = 'chat_published';
