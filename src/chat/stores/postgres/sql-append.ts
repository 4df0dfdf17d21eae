/**
 * The batch append of room messages (`SQL.appendBatch`), with and without
 * the webhook outbox: one statement either way, so one round trip.
 */

/** The CTEs of a batch append (see `SQL.appendBatch`), up to the messages' insert. */
const APPEND_INPUT = `
    WITH input AS (
      SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[],
                           $5::text[], $6::bigint[], $7::text[], $8::jsonb[])
        WITH ORDINALITY AS i(room, id, user_id, nickname, body, at, client_message_id, reply_to, ord)
    ), fresh AS (
      -- One index probe per message (LIMIT keeps the lateral per row): as
      -- NOT EXISTS under an OR, the planner hashed the whole table instead
      -- for large batches, reading every stored message per batch.
      SELECT i.* FROM input i
      LEFT JOIN LATERAL (
        SELECT true AS found FROM chat_messages m
        WHERE m.room = i.room AND m.user_id = i.user_id
          AND m.client_message_id = i.client_message_id
        LIMIT 1
      ) earlier ON true
      WHERE earlier.found IS NULL
    ), counts AS (
      SELECT room, count(*) AS n FROM fresh GROUP BY room
    ), bumped AS (
      INSERT INTO chat_rooms AS r (room, latest_seq)
      SELECT room, n FROM counts ORDER BY room
      ON CONFLICT (room) DO UPDATE SET latest_seq = r.latest_seq + EXCLUDED.latest_seq
      RETURNING r.room, r.latest_seq
    )`;

/** The insert of a batch's messages. */
const INSERT_MESSAGES = `
    INSERT INTO chat_messages (room, seq, id, user_id, nickname, body, at, client_message_id, reply_to)
    SELECT f.room,
           b.latest_seq - c.n + row_number() OVER (PARTITION BY f.room ORDER BY f.ord),
           f.id, f.user_id, f.nickname, f.body, f.at, f.client_message_id, f.reply_to
    FROM fresh f JOIN counts c USING (room) JOIN bumped b USING (room)`;

const APPEND = `${APPEND_INPUT}
    ${INSERT_MESSAGES}`;

/** The batch append as a CTE named `name` (returning room, seq, id, at), for a statement to continue. */
const APPEND_TO = (name: string) => `${APPEND_INPUT}, ${name} AS (
    ${INSERT_MESSAGES}
    RETURNING room, seq, id, at
  )`;

export const APPEND_SQL = {
  /**
   * Stores a batch of messages in one statement (one transaction): repeats
   * of a stored clientMessageId are left out, each room's counter is raised
   * by its count (rooms in name order, so concurrent batches lock them in
   * the same order), and the messages take the seqs in between, in order.
   * $1–$8: arrays of room, id, user id, nickname, text, at,
   * clientMessageId, and the quoted message of a reply (JSON, or null).
   */
  appendBatch: `${APPEND} RETURNING id, seq`,

  /**
   * `appendBatch`, and each stored message's webhook event in the outbox,
   * in the same statement, leased until $9 (epoch ms; 0: not leased) by
   * the instance that stores it: it sends them without claiming them.
   */
  appendBatchWithOutbox: `${APPEND_TO('stored')},
    queued AS (
      INSERT INTO chat_outbox (room, seq, created_at, lease_until)
      SELECT room, seq, at, $9::bigint FROM stored
      RETURNING id AS event_id, room, seq
    )
    SELECT s.id, s.seq, q.event_id
    FROM stored s JOIN queued q USING (room, seq)`,
} as const;
