import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { JoinResult } from '../chat/contract/events.js';
import type { ChatError } from './chat-error.js';
import type { TokenSource } from './session-token.js';

export interface ChatClientOptions {
  /** The default identity's nickname (ignored when `auth` is given). */
  nickname?: string;
  /** The handshake `auth` for a host's own authentication (a token, say). */
  auth?: Record<string, unknown>;
  /**
   * Signs in with a JWT (the server's `CHAT_JWT_SECRET` or public key): a
   * string, or a function giving one (or a promise of one), called again
   * for every reconnect and to refresh the session before `exp`.
   */
  token?: TokenSource;
  /** Socket.IO path (default `/socket.io`). */
  path?: string;
  /** How long a call waits for its ack before rejecting with `TIMEOUT` (default 5 s). */
  ackTimeoutMs?: number;
  /** Extra tries of a send after `UNAVAILABLE` or `TIMEOUT` (default 5), with backoff from 250 ms. */
  sendRetries?: number;
  /** Anything else for `io()` (transports, reconnection delays, …). */
  socket?: Partial<ManagerOptions & SocketOptions>;
}

/** Events the client adds to the contract's. */
export interface ChatClientEvents {
  /** Seqs `from`–`to` of `room` could not be fetched (past retention, or the room began again). */
  gap: (event: { room: string; from: number; to: number }) => void;
  /** A room joined again after a reconnect that lost the session (members and read position as they are now). */
  rejoined: (result: JoinResult) => void;
  /**
   * A room could not be joined again (refused: a ban while away, say), or a
   * signed-in user is no longer a member of it (`NOT_IN_ROOM`: left on
   * another device, kicked or banned meanwhile); it is no longer followed.
   */
  rejoinFailed: (event: { room: string; error: ChatError }) => void;
  /**
   * The server refused the handshake (`UNAUTHORIZED`, `INVALID_HANDSHAKE`):
   * the client stops, every call under way and every later one rejects
   * with this error. Connection drops are not refusals: Socket.IO retries
   * those (`socket.active` stays true); nor is `UNAVAILABLE` (the server's
   * store is away), which the client tries again with backoff.
   */
  error: (error: ChatError) => void;
}
