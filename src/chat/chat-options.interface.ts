import type { Socket } from 'socket.io';
import type { Member } from './contract/events.js';
import type { ChatRedisOptions } from './redis/redis-connection.js';
import type { RoomsStore } from './store/rooms-store.interface.js';

/** What an authentication hook sees of the Socket.IO handshake. */
export type ChatHandshake = Pick<
  Socket['handshake'],
  'auth' | 'headers' | 'query' | 'address' | 'secure'
>;

/**
 * Maps a handshake to a user, or refuses it (return `null` or throw):
 * the client then gets `connect_error` `"UNAUTHORIZED"` (or the code of a
 * thrown `HandshakeRefusal`).
 */
export type ChatAuthenticator = (
  handshake: ChatHandshake,
  context: { socketId: string },
) => Member | null | Promise<Member | null>;

export interface ChatModuleOptions {
  /** CORS allow-list for the Socket.IO handshake; `['*']` allows any origin, without credentials. */
  corsOrigins?: string[];
  /** Socket.IO path (default `/socket.io`). */
  path?: string;
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** Messages kept per room (default 100). */
  historyLimit?: number;
  /** Longest message text after trimming (default 2000). */
  maxTextLength?: number;
  /** `message:*` events allowed per socket per window (default 20; 0 turns the limit off). */
  rateLimit?: number;
  rateLimitWindowMs?: number;
  /** Connection state recovery window (default 2 minutes; 0 turns recovery off). */
  recoveryWindowMs?: number;
  /** Rooms one socket may be in at once (default 50). */
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
  /** Room state; the Redis store with `redis`, else an in-process `Map` store. */
  store?: RoomsStore;
}

/** Options with every default applied: what the providers read. */
export type ResolvedChatOptions = Required<
  Omit<
    ChatModuleOptions,
    'authenticate' | 'store' | 'adminToken' | 'redis' | 'adminUi'
  >
> &
  Pick<ChatModuleOptions, 'authenticate' | 'adminToken' | 'redis' | 'adminUi'>;
