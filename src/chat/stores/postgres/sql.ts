import { APPEND_SQL } from './sql-append.js';

/**
 * Every statement the chat sends to PostgreSQL, parameterised (the
 * outbox's are in `sql-outbox.ts`). The tables are created by the files
 * in `migrations/`.
 */
export const SQL = {
  /** A health check's round trip. */
  ping: 'SELECT 1',
  lockMigrations: 'SELECT pg_advisory_lock($1)',
  createMigrationsTable: `CREATE TABLE IF NOT EXISTS chat_schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`,
  appliedMigrations: 'SELECT version FROM chat_schema_migrations',
  recordMigration:
    'INSERT INTO chat_schema_migrations (version, name) VALUES ($1, $2)',

  ...APPEND_SQL,

  /**
   * Stored messages by (room, user id, clientMessageId), from three arrays:
   * one index probe per key, never a hash of the whole table.
   */
  byClientIds: `
    SELECT m.* FROM unnest($1::text[], $2::text[], $3::text[])
      AS k(room, user_id, client_message_id)
    CROSS JOIN LATERAL (
      SELECT * FROM chat_messages m
      WHERE m.room = k.room AND m.user_id = k.user_id
        AND m.client_message_id = k.client_message_id
      LIMIT 1
    ) m`,

  /**
   * A page towards older messages: the newest $3 with seq < $2 and at >= $4
   * (newest first), with the room's latest seq on every row (one row of
   * nulls when there is no message).
   */
  pageBefore: `
    SELECT coalesce(r.latest_seq, 0) AS latest_seq, m.*
    FROM (SELECT $1::text AS room) q
    LEFT JOIN chat_rooms r ON r.room = q.room
    LEFT JOIN LATERAL (
      SELECT * FROM chat_messages
      WHERE room = q.room AND seq < $2 AND at >= $4
      ORDER BY seq DESC LIMIT $3
    ) m ON true`,

  /** A page towards newer messages: the oldest $3 with seq > $2 and at >= $4. */
  pageAfter: `
    SELECT coalesce(r.latest_seq, 0) AS latest_seq, m.*
    FROM (SELECT $1::text AS room) q
    LEFT JOIN chat_rooms r ON r.room = q.room
    LEFT JOIN LATERAL (
      SELECT * FROM chat_messages
      WHERE room = q.room AND seq > $2 AND at >= $4
      ORDER BY seq ASC LIMIT $3
    ) m ON true`,

  /**
   * Deletes up to $2 messages older than $1 if no other instance is pruning
   * (the lock lasts for this statement's transaction). -1: not this time.
   */
  pruneBatch: `
    WITH locked AS (SELECT pg_try_advisory_xact_lock(7412002) AS got),
    gone AS (
      DELETE FROM chat_messages m
      USING (SELECT room, seq FROM chat_messages WHERE at < $1 ORDER BY at LIMIT $2) old
      WHERE m.room = old.room AND m.seq = old.seq AND (SELECT got FROM locked)
      RETURNING 1
    )
    SELECT CASE WHEN (SELECT got FROM locked) THEN (SELECT count(*) FROM gone) ELSE -1 END AS deleted`,

  /**
   * Edits ($4 text, $5 editedAt, $6 null) or deletes ($4 '', $5 null, $6
   * deletedAt) the kept, undeleted message $2 of room $1 (at >= $3), if sent
   * by $7 (null: anyone's). No row: see `messageAuthor`.
   */
  changeMessage: `
    UPDATE chat_messages
    SET body = $4, edited_at = coalesce($5::bigint, edited_at), deleted_at = $6::bigint
    WHERE room = $1 AND id = $2 AND at >= $3 AND deleted_at IS NULL
      AND ($7::text IS NULL OR user_id = $7)
    RETURNING *`,

  /** The kept messages of room $1 with the ids $2 (at >= $3). */
  messagesById: `
    SELECT * FROM chat_messages
    WHERE room = $1 AND id = ANY($2::uuid[]) AND at >= $3`,

  /** Who sent the kept message $2 of room $1, and whether it is deleted. */
  messageAuthor: `
    SELECT user_id, deleted_at FROM chat_messages
    WHERE room = $1 AND id = $2 AND at >= $3`,

  /**
   * Moves user $2's read position in room $1 forward to $3, clamped to the
   * room's latest seq. `moved_to` when it moved; `current` as it was.
   */
  markRead: `
    WITH target AS (
      SELECT least($3::bigint, coalesce(
        (SELECT latest_seq FROM chat_rooms WHERE room = $1), 0)) AS seq
    ), moved AS (
      INSERT INTO chat_reads AS r (room, user_id, last_read)
      SELECT $1, $2, seq FROM target WHERE seq > 0
      ON CONFLICT (room, user_id) DO UPDATE SET last_read = EXCLUDED.last_read
      WHERE r.last_read < EXCLUDED.last_read
      RETURNING last_read
    )
    SELECT (SELECT last_read FROM moved) AS moved_to,
           (SELECT last_read FROM chat_reads WHERE room = $1 AND user_id = $2) AS current`,

  /**
   * User $2's read position in room $1 and the kept (at >= $3), undeleted
   * messages by others after it: one range scan of the primary key.
   */
  readState: `
    SELECT coalesce(r.last_read, 0) AS last_read,
      (SELECT count(*) FROM chat_messages m
       WHERE m.room = $1 AND m.seq > coalesce(r.last_read, 0)
         AND m.deleted_at IS NULL AND m.user_id <> $2 AND m.at >= $3) AS unread
    FROM (SELECT 1) q
    LEFT JOIN chat_reads r ON r.room = $1 AND r.user_id = $2`,

  /**
   * room:search, first among the room's newest $5 messages: the newest $4
   * kept (at >= $3), undeleted ones with every word of $2 (a range of the
   * primary key; answers common words).
   */
  searchRecent: `
    SELECT * FROM chat_messages
    WHERE room = $1 AND deleted_at IS NULL AND at >= $3
      AND seq > (SELECT coalesce(max(latest_seq), 0) FROM chat_rooms WHERE room = $1) - $5
      AND to_tsvector('simple', body) @@ plainto_tsquery('simple', $2)
    ORDER BY seq DESC LIMIT $4`,

  /**
   * room:search over everything kept, when the newest messages had fewer
   * than $4: the GIN index (0003) finds every match, then the newest $4.
   * `OFFSET 0` keeps the LIMIT out of the inner plan, where it would walk
   * the primary key backwards through the whole room for a rare word.
   */
  searchMessages: `
    SELECT * FROM (
      SELECT * FROM chat_messages
      WHERE room = $1 AND deleted_at IS NULL AND at >= $3
        AND to_tsvector('simple', body) @@ plainto_tsquery('simple', $2)
      OFFSET 0
    ) found
    ORDER BY seq DESC LIMIT $4`,

  /** Bans and mutes: one per (room, user, kind); $4 ends_at, null until lifted. */
  putModeration: `
    INSERT INTO chat_moderation (room, user_id, kind, ends_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (room, user_id, kind) DO UPDATE SET ends_at = EXCLUDED.ends_at`,
  removeModeration: `
    DELETE FROM chat_moderation WHERE room = $1 AND user_id = $2 AND kind = $3`,
  /** Those in force at $1 (in room $2, or every room when null). */
  moderationInForce: `
    SELECT room, user_id, kind, ends_at FROM chat_moderation
    WHERE (ends_at IS NULL OR ends_at > $1) AND ($2::text IS NULL OR room = $2)
    ORDER BY room, kind, user_id`,
  /** Forgets bans and mutes that ended before $1. */
  pruneModeration: 'DELETE FROM chat_moderation WHERE ends_at <= $1',

  // Memberships of signed-in users and the inbox (chat_members, migration
  // 0004); room names compare in code-unit order (COLLATE "C"), as
  // room:list pages them.
  /**
   * Adds member $2 ($3 nickname, $4 kind, $5 joined at) to room $1 unless
   * the user is in $6 rooms already; a member again keeps its row as it
   * was. `inserted` says which; no row: the limit.
   */
  addMember: `
    INSERT INTO chat_members (room, user_id, nickname, kind, joined_at)
    SELECT $1, $2, $3, $4, $5
    WHERE (SELECT count(*) FROM chat_members WHERE user_id = $2) < $6
       OR EXISTS (SELECT 1 FROM chat_members WHERE room = $1 AND user_id = $2)
    ON CONFLICT (room, user_id) DO UPDATE SET nickname = chat_members.nickname
    RETURNING (xmax = 0) AS inserted`,
  removeMember:
    'DELETE FROM chat_members WHERE room = $1 AND user_id = $2 RETURNING nickname',
  isMember: 'SELECT 1 FROM chat_members WHERE room = $1 AND user_id = $2',
  roomsOf: 'SELECT room, kind, joined_at FROM chat_members WHERE user_id = $1',
  /** The first $2 members of room $1 in joining order, each row with the total. */
  members: `
    SELECT user_id, nickname, count(*) OVER () AS total FROM chat_members
    WHERE room = $1 ORDER BY joined_at, user_id LIMIT $2`,
  memberCounts: `
    SELECT room, count(*) AS members FROM chat_members
    WHERE room = ANY($1::text[]) GROUP BY room`,
  /** Rooms that are not direct, after $1 (null: from the first), at most $2. */
  rooms: `
    SELECT room, count(*) AS members FROM chat_members
    WHERE kind = 'room' AND ($1::text IS NULL OR room > $1 COLLATE "C")
    GROUP BY room ORDER BY room COLLATE "C" LIMIT $2`,
  roomCount:
    "SELECT count(DISTINCT room) AS rooms FROM chat_members WHERE kind = 'room'",

  /**
   * Every room of user $1 with what its inbox entry needs but the last
   * message: the newest seq, the user's read position, the unread count
   * (kept, undeleted messages by others after it, at >= $2), and the time
   * of the last kept message. One statement for all the rooms.
   */
  inboxStates: `
    SELECT mb.room, mb.kind, mb.joined_at,
      coalesce(r.latest_seq, 0) AS latest_seq,
      coalesce(rd.last_read, 0) AS last_read,
      (SELECT count(*) FROM chat_messages m
       WHERE m.room = mb.room AND m.seq > coalesce(rd.last_read, 0)
         AND m.deleted_at IS NULL AND m.user_id <> $1 AND m.at >= $2) AS unread,
      (SELECT m.at FROM chat_messages m
       WHERE m.room = mb.room AND m.at >= $2
       ORDER BY m.seq DESC LIMIT 1) AS last_at
    FROM chat_members mb
    LEFT JOIN chat_rooms r ON r.room = mb.room
    LEFT JOIN chat_reads rd ON rd.room = mb.room AND rd.user_id = $1
    WHERE mb.user_id = $1`,
  /** The newest kept message of each room in $1 (at >= $2). */
  lastMessages: `
    SELECT m.* FROM unnest($1::text[]) AS q(room)
    JOIN LATERAL (
      SELECT * FROM chat_messages
      WHERE room = q.room AND at >= $2 ORDER BY seq DESC LIMIT 1
    ) m ON true`,

  // Reactions (chat_reactions, migration 0006). A toggle on runs in a
  // transaction that first locks the message's row, so the cap of emoji
  // per message holds across instances.
  lockMessage: 'SELECT 1 FROM chat_messages WHERE id = $1 FOR UPDATE',
  /** Adds $3's $2 on message $1 unless there, or unless a new emoji would pass $4: the outcome. */
  addReaction: `
    WITH present AS (
      SELECT 1 FROM chat_reactions
      WHERE message_id = $1 AND emoji = $2 AND user_id = $3
    ), allowed AS (
      SELECT EXISTS (SELECT 1 FROM chat_reactions WHERE message_id = $1 AND emoji = $2)
          OR (SELECT count(DISTINCT emoji) FROM chat_reactions WHERE message_id = $1) < $4
        AS ok
    ), added AS (
      INSERT INTO chat_reactions (message_id, emoji, user_id, first_added)
      SELECT $1, $2, $3, coalesce(
        (SELECT min(first_added) FROM chat_reactions WHERE message_id = $1 AND emoji = $2),
        nextval('chat_reactions_added_seq'))
      WHERE NOT EXISTS (SELECT 1 FROM present) AND (SELECT ok FROM allowed)
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT CASE WHEN EXISTS (SELECT 1 FROM added) THEN 'changed'
                WHEN EXISTS (SELECT 1 FROM present) THEN 'unchanged'
                ELSE 'limit' END AS outcome`,
  removeReaction: `
    DELETE FROM chat_reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3`,
  /** The reactions of messages $1: per emoji in order of first use, the count and the first $2 users. */
  reactionsOf: `
    SELECT message_id, emoji, count(*) AS count,
           (array_agg(user_id ORDER BY added))[1:$2] AS user_ids
    FROM chat_reactions WHERE message_id = ANY($1::uuid[])
    GROUP BY message_id, emoji ORDER BY message_id, min(first_added)`,
} as const;
