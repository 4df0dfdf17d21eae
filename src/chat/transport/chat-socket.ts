import type { Namespace, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SocketData,
} from '../contract/events.js';
import type { Connection } from '../rooms/connection-registry.js';

/** Events between instances (through the Redis adapter). */
export interface PeerEvents {
  'chat:kick': (
    request: { userId: string; room?: string | null },
    reply: (kicked: number) => void,
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
