import { Inject, Injectable } from '@nestjs/common';
import type { Member } from '../contract/events.js';
import {
  RoomsStore,
  type RoomsStoreEvents,
} from '../stores/rooms-store.interface.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { MembersService } from './members.service.js';
import { PresenceService } from './presence.service.js';
import { RoomSockets } from './room-sockets.js';

/**
 * Sockets arriving and going: registered in the `RoomsStore` (who is
 * connected, on any instance), put in their rooms, and taken out with the
 * notices that follow (`room:left` for a nickname user, `presence` for a
 * signed-in user's first and last socket). Clean-ups the store missed
 * while it was away are redone when it is back.
 */
@Injectable()
export class ConnectionsService {
  /** Disconnect clean-ups still running, so a recovered socket waits for its own. */
  private readonly teardowns = new Map<string, Promise<void>>();
  /** Registrations under way, which a disconnect meanwhile waits for. */
  private readonly arrivals = new Map<string, Promise<void>>();
  /** Clean-ups the store could not take (it was away), redone when it is back. */
  private readonly unfinished = new Map<
    string,
    { user: Member; rooms: string[] }
  >();

  constructor(
    @Inject(RoomsStore) private readonly store: RoomsStore,
    private readonly registry: ConnectionRegistry,
    private readonly delivery: ChatDelivery,
    private readonly sockets: RoomSockets,
    private readonly members: MembersService,
    private readonly presence: PresenceService,
  ) {}

  /**
   * Registers a socket; `rooms` are the rooms it already holds (a recovered
   * session). The socket and its rooms are known at once, so events sent
   * right after reconnecting find them; the store follows.
   */
  connect(
    connection: Connection,
    rooms: Iterable<string> = [],
    address = '',
  ): Promise<void> {
    const local = this.registry.add(connection, address);
    for (const room of rooms) local.rooms.add(room);
    if (this.members.enabled) {
      this.members.arrived(connection.user.userId, local.rooms);
      for (const room of local.rooms) {
        this.delivery.port?.subscribe(connection.socketId, room);
      }
    }
    const arrival = this.register(connection, [...local.rooms]).finally(() =>
      this.arrivals.delete(connection.socketId),
    );
    this.arrivals.set(connection.socketId, arrival);
    return arrival;
  }

  private async register(connection: Connection, rooms: string[]) {
    // A recovered socket's previous clean-up finishes first.
    await this.teardowns.get(connection.socketId);
    const { firstOfUser } = await this.store.addConnection(
      connection.socketId,
      connection.user,
    );
    if (this.members.enabled) {
      if (firstOfUser) this.presence.announce(connection.user, rooms, true);
      return;
    }
    for (const room of rooms) await this.sockets.add(connection, room);
  }

  /**
   * Forgets a socket: the other members of its rooms get `room:left` (a
   * nickname user) or, for a signed-in user's last socket, `presence`
   * offline. A registration still under way finishes first, so what it
   * adds is removed.
   */
  async disconnect(socketId: string): Promise<void> {
    const local = this.registry.take(socketId);
    if (!local) return;
    const arrival = this.arrivals.get(socketId)?.catch(() => undefined);
    const teardown = Promise.resolve(arrival)
      .then(() => this.forget(socketId, local.user, [...local.rooms]))
      .finally(() => this.teardowns.delete(socketId));
    this.teardowns.set(socketId, teardown);
    await teardown;
  }

  /**
   * Removes a gone socket from the store: every room, then the connection,
   * each attempted whatever the others did. What failed (the store was
   * away) is kept and done again when the store is back, so no ghost
   * member or connection outlives the outage.
   */
  private async forget(socketId: string, user: Member, rooms: string[]) {
    const connection = { socketId, user };
    const socketRooms = this.members.enabled ? [] : rooms;
    const results = await Promise.allSettled([
      ...socketRooms.map((room) => this.sockets.remove(connection, room)),
      this.store.removeConnection(socketId, user).then(({ lastOfUser }) => {
        if (lastOfUser) this.presence.announce(user, rooms, false);
      }),
    ]);
    const failure = results.find(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    if (!failure) return;
    this.unfinished.set(socketId, {
      user,
      rooms: socketRooms.filter((_, i) => results[i].status === 'rejected'),
    });
    throw failure.reason instanceof Error
      ? failure.reason
      : new Error(String(failure.reason));
  }

  /** How the store reaches the rules from its background work. */
  readonly storeEvents: RoomsStoreEvents = {
    membersGone: (gone) => {
      for (const { room, member } of gone) {
        this.delivery.deliver({
          to: { room },
          event: 'room:left',
          payload: { room, member },
        });
      }
    },
    usersGone: (users) => {
      for (const user of users) {
        void this.members.roomsOf(user.userId).then(
          (rooms) => this.presence.announce(user, rooms, false),
          () => undefined,
        );
      }
    },
    reconnected: () => this.registerAgain(),
  };

  /**
   * The store is back: finishes the clean-ups it missed, then registers
   * every local socket and membership again (idempotent).
   */
  private async registerAgain(): Promise<void> {
    for (const [socketId, { user, rooms }] of [...this.unfinished]) {
      this.unfinished.delete(socketId);
      await this.forget(socketId, user, rooms).catch(() => undefined);
    }
    for (const [socketId, local] of this.registry.entries()) {
      // A user the store had lost (peers reaped it) is announced again.
      const { firstOfUser } = await this.store.addConnection(
        socketId,
        local.user,
      );
      if (this.members.enabled) {
        if (firstOfUser) this.presence.announce(local.user, local.rooms, true);
        continue;
      }
      for (const room of local.rooms) {
        await this.sockets.add({ socketId, user: local.user }, room);
      }
    }
  }

  /** Resolves once every disconnect clean-up under way has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.teardowns.values());
  }
}
