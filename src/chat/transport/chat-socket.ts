import type { Namespace, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SocketData,
} from '../contract/events.js';
import type { Connection } from '../services/connection-registry.js';
import type { MembershipChange } from './chat-transport.interface.js';
import type { ModerationChange } from '../services/moderation.service.js';

/** Events between instances (through the Redis adapter). */
export interface PeerEvents {
  'chat:kick': (
    request: { userId: string; room?: string | null },
    reply: (kicked: number) => void,
  ) => void;
  /** A ban or mute set or lifted: mirrored before the reply. */
  'chat:moderate': (change: ModerationChange, reply: (done: 1) => void) => void;
  /** A user's membership began or ended: its sockets here follow before the reply. */
  'chat:membership': (
    change: MembershipChange,
    reply: (done: 1) => void,
  ) => void;
}

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  PeerEvents,
  SocketData
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** What the rules know of a socket. */
export const connectionOf = (socket: ChatSocket): Connection => ({
  socketId: socket.id,
  user: socket.data.user,
});
