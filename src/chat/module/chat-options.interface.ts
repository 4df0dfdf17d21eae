import type { Type } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { Member } from '../contract/events.js';
import type { ChatRedisOptions } from '../stores/redis/redis-connection.js';
import type { ChatDatabaseOptions } from '../stores/postgres/postgres-connection.js';
import type { MessageStore } from '../stores/message-store.interface.js';
import type { ChatRoomPolicy } from '../services/room-policy.interface.js';
import type { RoomsStore } from '../stores/rooms-store.interface.js';
import type {
  ChatWebhookOptions,
  WebhookEndpoint,
} from '../notifications/webhook-endpoint.js';

/** What an authentication hook sees of the Socket.IO handshake. */
export type ChatHandshake = Pick<
  Socket['handshake'],
  'auth' | 'headers' | 'query' | 'address' | 'secure'
>;

/** A signed-in user, and when its session ends. */
export interface AuthenticatedUser extends Member {
  /** Epoch ms at which the server disconnects the socket (a token's `exp`), unless `session:refresh` renews it. */
  expiresAt?: number;
}

/**
 * Maps a handshake to a user, or refuses it (return `null` or throw):
 * the client then gets `connect_error` `"UNAUTHORIZED"` (or the code of a
 * thrown `HandshakeRefusal`).
 */
export type ChatAuthenticator = (
  handshake: ChatHandshake,
  context: { socketId: string },
) => AuthenticatedUser | null | Promise<AuthenticatedUser | null>;

/** What a valid signed token says about its user. */
export interface VerifiedToken {
  userId: string;
  /** The `name` claim, when it passes the nickname rule. */
  name: string | null;
  /** The `exp` claim (Unix seconds), or `null` without one. */
  exp: number | null;
  /** When the session ends (epoch ms): `exp` plus the leeway, or `undefined` without `exp`. */
  expiresAt: number | undefined;
}

/** Verifies a signed token (for `session:refresh`): what it says, or `null` when it is not valid. */
export interface TokenVerifier {
  verify(token: unknown): Promise<VerifiedToken | null>;
}

/** Signed tokens (JWS compact): exactly one of `secret` and `publicKey`. */
export interface ChatJwtOptions {
  /** HS256 key, at least 32 bytes (`CHAT_JWT_SECRET`). */
  secret?: string;
  /** A PEM public key (`CHAT_JWT_PUBLIC_KEY`): RS256 for RSA, ES256 for P-256. */
  publicKey?: string;
  /** Required `iss` (`CHAT_JWT_ISSUER`). */
  issuer?: string;
  /** Required `aud` (`CHAT_JWT_AUDIENCE`). */
  audience?: string;
}

export interface ChatModuleOptions {
  /** CORS allow-list for the Socket.IO handshake; `['*']` allows any origin, without credentials. */
  corsOrigins?: string[];
  /** Socket.IO path (default `/socket.io`). */
  path?: string;
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /**
   * Messages kept per room (default 100); with `database`, the largest
   * page of history (everything within retention is kept).
   */
  historyLimit?: number;
  /** Longest message text after trimming (default 2000). */
  maxTextLength?: number;
  /**
   * `message:*` events allowed per user per window (default 20; 0 turns
   * every message budget off). With the default identity a user is one socket.
   */
  rateLimit?: number;
  /** `message:*` events allowed per client address per window (default 5 × `rateLimit`). */
  addressRateLimit?: number;
  /** Client events of any kind per socket per window, refused ones included (default 1000; 0: off). */
  eventRateLimit?: number;
  /** The window of every budget (default 10 s). */
  rateLimitWindowMs?: number;
  /** Events of one socket handled at once; more are refused `RATE_LIMITED` (default 256). */
  maxEventsInFlight?: number;
  /**
   * Bytes waiting to be written to one connection (Engine.IO's buffer plus
   * the WebSocket's) before the server closes it as too slow (default 4 MB).
   */
  maxBufferedBytes?: number;
  /** Bytes (as JSON) of one page of history, on join or `room:history` (default 256 kB). */
  maxHistoryPageBytes?: number;
  /** Concurrent connections from one address (default 100; 0: off). */
  maxConnectionsPerAddress?: number;
  /** New connections from one address per window (default 100; 0: off). */
  connectionRateLimit?: number;
  /** Addresses the connection caps leave alone (default loopback: `127.0.0.1`, `::1`). */
  connectionLimitExempt?: string[];
  /**
   * Proxies in front of the server whose `X-Forwarded-For` entry is trusted
   * (default 0: the TCP peer is the client). `1` behind one load balancer.
   */
  trustProxy?: number;
  /** Packets the in-memory recovery buffer keeps at most (default 10,000). */
  recoveryBufferPackets?: number;
  /** Connection state recovery window (default 2 minutes; 0 turns recovery off). */
  recoveryWindowMs?: number;
  /** Rooms one socket may be in at once (default 50); for signed-in users, rooms one user may be a member of. */
  maxRoomsPerSocket?: number;
  /** Secret of the `/admin` namespace and of HTTP pushes; both are refused while it is unset. */
  adminToken?: string;
  /** Replaces the default nickname identity. */
  authenticate?: ChatAuthenticator;
  /**
   * Several instances sharing one chat: the Redis store and the Socket.IO
   * Redis streams adapter. Without it, everything lives in this process.
   */
  redis?: ChatRedisOptions;
  /**
   * `@socket.io/admin-ui` instrumentation, read-only, on its own namespace
   * (default `/socket.io-admin`, so it never clashes with `/admin`).
   */
  adminUi?: { username: string; passwordHash: string; namespace?: string };
  /**
   * Durable history in PostgreSQL: messages committed before they are
   * acknowledged, kept across restarts within retention. Combines with
   * `redis` (Redis for presence and delivery, PostgreSQL for history).
   */
  database?: ChatDatabaseOptions;
  /** Room state; the Redis store with `redis`, else an in-process `Map` store. */
  store?: RoomsStore;
  /**
   * What is said in rooms; by default PostgreSQL with `database`, else Redis
   * with `redis`, else in process (kept while a room has members).
   */
  messageStore?: MessageStore;
  /**
   * The host's room access rules (`canJoin`, `canSend`, `canRead`), a class
   * resolved through Nest's DI: register it as a provider of your own so it
   * can inject your services. Asked after bans and mutes; default: all allowed.
   */
  policy?: Type<ChatRoomPolicy>;
  /**
   * Whether `/chat` events may skip Nest's per-event handler context
   * (`transport/fast-path/`): default `true`. `false` sends every event
   * through Nest's context and every payload through the full
   * class-validator run: the same answers, more CPU per event.
   */
  fastPath?: boolean;
  /**
   * One `verbose` line per connect, recovery and disconnect (socket and user
   * ids, never message text). Default `false`: Nest's default logger prints
   * every level, and a busy host would get a line per connection.
   */
  logConnections?: boolean;
  /**
   * Signed-in users by JWT: every `/chat` handshake carries `auth.token`
   * (`sub` becomes `userId`). Ignored when `authenticate` is given.
   */
  jwt?: ChatJwtOptions;
  /**
   * Signed webhooks (Standard Webhooks): a POST per accepted room message,
   * retried with backoff for 24 h; from a PostgreSQL outbox with
   * `database` (nothing lost), else from a bounded queue in memory.
   */
  webhook?: ChatWebhookOptions;
}

/** Options with every default applied: what the providers read. */
export type ResolvedChatOptions = Required<
  Omit<
    ChatModuleOptions,
    | 'authenticate'
    | 'store'
    | 'messageStore'
    | 'policy'
    | 'database'
    | 'adminToken'
    | 'redis'
    | 'adminUi'
    | 'connectionLimitExempt'
    | 'jwt'
    | 'webhook'
  >
> & {
  /** The checked `webhook` option (`null` without it). */
  webhook: WebhookEndpoint | null;
  connectionLimitExempt: ReadonlySet<string>;
  /** The signed-token verifier, with the `jwt` option (it is then `authenticate` too). */
  tokens: TokenVerifier | null;
} & Pick<
    ChatModuleOptions,
    'authenticate' | 'adminToken' | 'redis' | 'adminUi' | 'database' | 'policy'
  >;
