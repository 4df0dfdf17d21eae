export const CHAT_NAMESPACE = '/chat';
export const ADMIN_NAMESPACE = '/admin';

/** A client-chosen room name (PROTOCOL.md, "Rules"). */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The contract's `clientMessageId`: 1–64 of `[A-Za-z0-9_-]`. */
export const CLIENT_MESSAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The longest message id a client may name (ids are UUIDs; longer is invalid, not unknown). */
export const MESSAGE_ID_MAX_LENGTH = 64;

/**
 * A reaction's emoji: 1–16 characters (code points), none of them
 * whitespace or a control character, and at least one that is visible
 * (not only joiners, variation selectors or other format marks).
 */
export const EMOJI_PATTERN =
  /^(?=.*[^\p{Cf}\p{M}])[^\p{White_Space}\p{Cc}\p{Z}]{1,16}$/u;

/** A reply quotes at most this many characters of the message it answers. */
export const QUOTE_MAX_LENGTH = 200;

/** The longest `userId` a client or an admin may name (`to`, `userId`). */
export const USER_ID_MAX_LENGTH = 256;

export const NICKNAME_MAX_LENGTH = 32;

/** `room:search`: the longest query, and the most (and default) results. */
export const SEARCH = Object.freeze({
  maxQuery: 200,
  maxLimit: 50,
  defaultLimit: 20,
});

/** `inbox:list`: the most (and default) rooms a page, and the longest cursor it makes. */
export const INBOX = Object.freeze({
  maxLimit: 100,
  defaultLimit: 50,
  maxCursor: 200,
});

/** A signed token (JWS compact) longer than this is refused unread. */
export const MAX_TOKEN_BYTES = 8192;
export const SYSTEM_MEMBER = Object.freeze({
  userId: 'system',
  nickname: 'system',
});

/**
 * At shutdown, how long a WebSocket has to answer the close frame before
 * its connection is cut (`ws` alone waits 30 s, and the shutdown with it).
 */
export const CLOSE_FRAME_GRACE_MS = 5_000;

/** Payloads over this are refused by the transport (`maxHttpBufferSize`). */
export const MAX_PAYLOAD_BYTES = 100_000;

export const DEFAULTS = Object.freeze({
  path: '/socket.io',
  corsOrigins: ['http://localhost:3000'] as readonly string[],
  pingIntervalMs: 25_000,
  pingTimeoutMs: 20_000,
  historyLimit: 100,
  maxTextLength: 2000,
  rateLimit: 20,
  rateLimitWindowMs: 10_000,
  maxRoomsPerSocket: 50,
  recoveryWindowMs: 120_000,
  /** Packets the in-memory recovery buffer keeps at most (the Redis stream has its own `maxLen`). */
  recoveryBufferPackets: 10_000,
  /** Bytes waiting to be written to one connection before it is closed. */
  maxBufferedBytes: 4_000_000,
  /** Bytes (as JSON) one page of history may take, on join or `room:history`. */
  maxHistoryPageBytes: 256_000,
  /** Events of one socket being handled at once. */
  maxEventsInFlight: 256,
  /** Client events of any kind per socket per window; `0` turns it off. */
  eventRateLimit: 1000,
  /** Concurrent connections from one address (exempt addresses aside); `0` turns it off. */
  maxConnectionsPerAddress: 100,
  /** New connections from one address per window; `0` turns it off. */
  connectionRateLimit: 100,
  /** Addresses no connection cap applies to: loopback, for the dev server, tests and the benchmark. */
  connectionLimitExempt: [
    '127.0.0.1',
    '::1',
    '::ffff:127.0.0.1',
  ] as readonly string[],
  trustProxy: 0,
});

/** Rooms one `room:list` page (and `GET /api/rooms`) returns at most. */
export const ROOM_LIST_PAGE = 100;

/** Nesting and size a payload may have before it is looked at field by field. */
export const PAYLOAD_SHAPE = Object.freeze({ maxDepth: 8, maxNodes: 1000 });
