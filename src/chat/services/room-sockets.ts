import { Inject, Injectable } from '@nestjs/common';
import { RoomsStore } from '../stores/rooms-store.interface.js';
import type { Connection, LocalConnection } from './connection-registry.js';
import { ChatDelivery } from './delivery.js';

/**
 * A nickname user's rooms: its socket's, in the `RoomsStore`, with the
 * notices the room gets when the user's first socket enters or its last
 * one goes (`room:joined`, `room:left`).
 */
@Injectable()
export class RoomSockets {
  constructor(
    @Inject(RoomsStore) private readonly store: RoomsStore,
    private readonly delivery: ChatDelivery,
  ) {}

  /** Takes the socket out of the room, or leaves all as it was when the store refuses. */
  async leave(connection: Connection, local: LocalConnection, room: string) {
    local.rooms.delete(room);
    try {
      await this.remove(connection, room);
    } catch (error) {
      local.rooms.add(room);
      this.delivery.port?.subscribe(connection.socketId, room);
      throw error;
    }
    local.typingIn?.delete(room);
  }

  async add(connection: Connection, room: string) {
    const { firstOfUser } = await this.store.addMember(
      room,
      connection.socketId,
      connection.user,
    );
    this.delivery.port?.subscribe(connection.socketId, room);
    if (firstOfUser) {
      this.delivery.deliver({
        to: { room },
        except: connection.socketId,
        event: 'room:joined',
        payload: { room, member: connection.user },
      });
    }
  }

  async remove(connection: Connection, room: string) {
    this.delivery.port?.unsubscribe(connection.socketId, room);
    const { lastOfUser } = await this.store.removeMember(
      room,
      connection.socketId,
      connection.user,
    );
    if (lastOfUser) {
      this.delivery.deliver({
        to: { room },
        // Not to the leaver, not even when its session is replayed on recovery.
        except: connection.socketId,
        event: 'room:left',
        payload: { room, member: connection.user },
      });
    }
  }
}
