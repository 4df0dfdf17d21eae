import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { Member } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';

/** A connected socket as the rules see it. */
export interface Connection {
  socketId: string;
  user: Member;
}

/** What this instance knows of one of its sockets. */
export interface LocalConnection {
  user: Member;
  /** The client's address, for its network's message budget. */
  address: string;
  rooms: Set<string>;
  /** Rooms where this socket last said it is typing: only changes are delivered. */
  typingIn?: Set<string>;
}

/**
 * The sockets this instance holds, and which rooms each joined: the
 * per-socket state that is not shared with other instances.
 */
@Injectable()
export class ConnectionRegistry {
  private readonly connections = new Map<string, LocalConnection>();

  add(connection: Connection, address: string): LocalConnection {
    const local: LocalConnection = {
      user: connection.user,
      address,
      rooms: new Set(),
    };
    this.connections.set(connection.socketId, local);
    return local;
  }

  /** Removes and returns the socket's state (`undefined` if unknown). */
  take(socketId: string): LocalConnection | undefined {
    const local = this.connections.get(socketId);
    this.connections.delete(socketId);
    return local;
  }

  get(socketId: string): LocalConnection | undefined {
    return this.connections.get(socketId);
  }

  /** The socket's state; a socket the rules do not know (closed meanwhile) is refused quietly. */
  require(connection: Connection): LocalConnection {
    const local = this.connections.get(connection.socketId);
    if (!local) {
      throw new ChatError(
        ErrorCode.Unauthorized,
        'This connection is not registered; reconnect',
      );
    }
    return local;
  }

  requireMembership(connection: Connection, room: string): LocalConnection {
    const local = this.require(connection);
    if (!local.rooms.has(room)) {
      throw new ChatError(ErrorCode.NotInRoom, `You have not joined ${room}`);
    }
    return local;
  }

  /** The user's sockets here (in `room`, when given). */
  ofUser(userId: string, room?: string): [string, LocalConnection][] {
    return [...this.connections].filter(
      ([, local]) =>
        local.user.userId === userId &&
        (room === undefined || local.rooms.has(room)),
    );
  }

  entries(): IterableIterator<[string, LocalConnection]> {
    return this.connections.entries();
  }

  get size(): number {
    return this.connections.size;
  }
}
