import { Inject, Injectable } from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { ROOM_LIST_PAGE } from '../module/chat.constants.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import type {
  JoinResult,
  Member,
  LeaveResult,
  RoomListPayload,
  RoomListResult,
} from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import {
  RoomsStore,
  type RoomsStoreEvents,
} from '../stores/rooms-store.interface.js';
import {
  ConnectionRegistry,
  type Connection,
  type LocalConnection,
} from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { HistoryService } from './history.service.js';
import { ReadPositionsService } from './read-positions.service.js';
import { RoomAccess } from './room-access.js';

/**
 * Who is where: sockets connecting and leaving, joins, leaves and kicks,
 * with their presence notices (`room:joined`, `room:left`, `room:kicked`).
 * Shared state lives in the `RoomsStore`; per-socket state in the registry.
 */
@Injectable()
export class MembershipService {
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
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    @Inject(RoomsStore) private readonly store: RoomsStore,
    private readonly registry: ConnectionRegistry,
    private readonly delivery: ChatDelivery,
    private readonly history: HistoryService,
    private readonly access: RoomAccess,
    private readonly reads: ReadPositionsService,
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
    const arrival = this.register(connection, [...local.rooms]).finally(() =>
      this.arrivals.delete(connection.socketId),
    );
    this.arrivals.set(connection.socketId, arrival);
    return arrival;
  }

  private async register(connection: Connection, rooms: string[]) {
    // A recovered socket's previous clean-up finishes first.
    await this.teardowns.get(connection.socketId);
    await this.store.addConnection(connection.socketId, connection.user);
    for (const room of rooms) await this.addMember(connection, room);
  }

  /**
   * Forgets a socket: the other members of its rooms get `room:left`. A
   * registration still under way finishes first, so what it adds is removed.
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
    const results = await Promise.allSettled([
      ...rooms.map((room) => this.removeMember(connection, room)),
      this.store.removeConnection(socketId, user),
    ]);
    const failure = results.find(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    if (!failure) return;
    this.unfinished.set(socketId, {
      user,
      rooms: rooms.filter((_, i) => results[i].status === 'rejected'),
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
      await this.store.addConnection(socketId, local.user);
      for (const room of local.rooms) {
        // A user the store had lost (peers reaped it) is announced again.
        await this.addMember({ socketId, user: local.user }, room);
      }
    }
  }

  /** Resolves once every disconnect clean-up under way has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.teardowns.values());
  }

  /**
   * Joins (a no-op when already in; a ban or the policy may refuse a new
   * join), answering the members, the history (after `since` when given)
   * and the user's read position.
   */
  async join(
    connection: Connection,
    room: string,
    since?: number,
  ): Promise<JoinResult> {
    const local = this.registry.require(connection);
    if (!local.rooms.has(room)) {
      if (local.rooms.size >= this.options.maxRoomsPerSocket) {
        throw new ChatError(
          ErrorCode.RoomLimit,
          `A socket may join at most ${this.options.maxRoomsPerSocket} rooms`,
        );
      }
      await this.access.join(connection.user, room);
      local.rooms.add(room);
      try {
        await this.addMember(connection, room);
      } catch (error) {
        local.rooms.delete(room);
        throw error;
      }
    }
    const [members, history, read] = await Promise.all([
      this.store.members(room),
      this.history.forJoin(room, since),
      this.reads.forJoin(room, connection.user.userId),
    ]);
    return { room, members, ...history, ...read };
  }

  async leave(connection: Connection, room: string): Promise<LeaveResult> {
    const local = this.registry.requireMembership(connection, room);
    await this.leaveRoom(connection, local, room);
    return { room };
  }

  /** One page of rooms in name order, after `after`; `next` is where the next page starts. */
  async listRooms({
    after,
    limit = ROOM_LIST_PAGE,
  }: RoomListPayload = {}): Promise<RoomListResult> {
    const rooms = await this.store.rooms({ after, limit: limit + 1 });
    if (rooms.length <= limit) return { rooms };
    const page = rooms.slice(0, limit);
    return { rooms: page, next: page[page.length - 1].room };
  }

  /**
   * Kicks the user's sockets on every instance: out of `room` (they get
   * `room:kicked`, the others `room:left`), or, without a room, off the
   * server. Resolves with the number of sockets affected.
   */
  async kick(userId: string, room?: string): Promise<number> {
    const [here, elsewhere] = await Promise.all([
      this.kickLocal(userId, room),
      this.delivery.port?.kickOnPeers(userId, room) ?? 0,
    ]);
    return here + elsewhere;
  }

  /** `kick` for the sockets this instance holds. */
  async kickLocal(userId: string, room?: string): Promise<number> {
    const transport = this.delivery.port;
    const targets = this.registry.ofUser(userId, room);
    // Sessions stored before the kick must not bring the user back.
    if (room === undefined) transport?.revokeSessions(userId);
    for (const [socketId, local] of targets) {
      if (room === undefined) {
        transport?.disconnect(socketId);
        continue;
      }
      await this.leaveRoom({ socketId, user: local.user }, local, room);
      this.delivery.deliver({
        to: { socket: socketId },
        event: 'room:kicked',
        payload: { room },
      });
    }
    return targets.length;
  }

  /** Takes the socket out of the room, or leaves all as it was when the store refuses. */
  private async leaveRoom(
    connection: Connection,
    local: LocalConnection,
    room: string,
  ) {
    local.rooms.delete(room);
    try {
      await this.removeMember(connection, room);
    } catch (error) {
      local.rooms.add(room);
      this.delivery.port?.subscribe(connection.socketId, room);
      throw error;
    }
    local.typingIn?.delete(room);
  }

  private async addMember(connection: Connection, room: string) {
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

  private async removeMember(connection: Connection, room: string) {
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
