import { Inject, Injectable } from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { ROOM_LIST_PAGE } from '../module/chat.constants.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import type {
  JoinResult,
  LeaveResult,
  Member,
  RoomListPayload,
  RoomListResult,
} from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import { RoomsStore } from '../stores/rooms-store.interface.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { HistoryService } from './history.service.js';
import { isDirectRoom } from '../stores/member-store.interface.js';
import { MembersService } from './members.service.js';
import { PresenceService } from './presence.service.js';
import { ReadPositionsService } from './read-positions.service.js';
import { RoomAccess } from './room-access.js';
import { RoomSockets } from './room-sockets.js';

/**
 * Joins, leaves, kicks and the room list. A nickname user is its socket:
 * its rooms are the socket's (`RoomSockets`). A signed-in user's rooms are
 * memberships (`MembersService`) that all its sockets are in. Sockets
 * arriving and going are `ConnectionsService`'s.
 */
@Injectable()
export class MembershipService {
  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    @Inject(RoomsStore) private readonly store: RoomsStore,
    private readonly registry: ConnectionRegistry,
    private readonly delivery: ChatDelivery,
    private readonly history: HistoryService,
    private readonly access: RoomAccess,
    private readonly reads: ReadPositionsService,
    private readonly members: MembersService,
    private readonly presence: PresenceService,
    private readonly sockets: RoomSockets,
  ) {}

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
    if (this.members.enabled) {
      if (!local.rooms.has(room)) await this.becomeMember(connection, room);
    } else if (!local.rooms.has(room)) {
      if (local.rooms.size >= this.options.maxRoomsPerSocket) {
        throw new ChatError(
          ErrorCode.RoomLimit,
          `A socket may join at most ${this.options.maxRoomsPerSocket} rooms`,
        );
      }
      await this.access.join(connection.user, room);
      local.rooms.add(room);
      try {
        await this.sockets.add(connection, room);
      } catch (error) {
        local.rooms.delete(room);
        throw error;
      }
    }
    const [members, history, read] = await Promise.all([
      this.presence.memberList(room),
      this.history.forJoin(room, since),
      this.reads.forJoin(room, connection.user.userId),
    ]);
    return { room, ...members, ...history, ...read };
  }

  /**
   * A signed-in user's `room:join`: a member already (another device made
   * it one) only brings this socket in; a direct room only its two users
   * may enter, and `room:join` never makes one.
   */
  private async becomeMember(connection: Connection, room: string) {
    const { user } = connection;
    if (isDirectRoom(room)) {
      if (!(await this.members.isMember(room, user.userId))) {
        throw new ChatError(ErrorCode.Forbidden, 'That is a direct room');
      }
    } else {
      await this.access.join(user, room);
      if (await this.members.add(room, 'room', user)) return;
    }
    this.members.apply({ userId: user.userId, room, added: true });
  }

  async leave(connection: Connection, room: string): Promise<LeaveResult> {
    const local = this.registry.requireMembership(connection, room);
    if (this.members.enabled) {
      const { userId } = connection.user;
      const tell = { except: connection.socketId };
      if (!(await this.members.remove(room, userId, tell))) {
        this.members.apply({ userId, room, added: false });
      }
    } else {
      await this.sockets.leave(connection, local, room);
    }
    return { room };
  }

  /**
   * The host's call: `member` becomes a member of `room` (the policy and
   * the room limit asked as for a join); its sockets get `room:added`.
   * `false` when it was one already. Signed-in users only.
   */
  async addByHost(room: string, member: Member, by: Member): Promise<boolean> {
    this.requireSignedIn();
    if (isDirectRoom(room)) {
      throw new ChatError(
        ErrorCode.Forbidden,
        'Open direct rooms with openDirect',
      );
    }
    await this.access.join(member, room);
    return this.members.add(room, 'room', member, by);
  }

  /** The host's call: the membership ends on every device (its sockets get `room:left`). */
  removeByHost(room: string, userId: string): Promise<boolean> {
    this.requireSignedIn();
    return this.members.remove(room, userId, {});
  }

  private requireSignedIn() {
    if (!this.members.enabled) {
      throw new ChatError(
        ErrorCode.Forbidden,
        'Memberships need signed-in users (jwt or authenticate)',
      );
    }
  }

  /** The room's members in joining order (signed-in users: connected or not). */
  membersOf(room: string): Promise<Member[]> {
    return this.members.enabled
      ? this.members.membersOf(room)
      : this.store.members(room);
  }

  /** How many rooms exist (members' rooms for signed-in users, direct ones apart). */
  roomCount(): Promise<number> {
    return this.members.enabled
      ? this.members.roomCount()
      : this.store.roomCount();
  }

  /** One page of rooms in name order, after `after`; `next` is where the next page starts. */
  async listRooms({
    after,
    limit = ROOM_LIST_PAGE,
  }: RoomListPayload = {}): Promise<RoomListResult> {
    const page = { after, limit: limit + 1 };
    const rooms = this.members.enabled
      ? await this.members.rooms(page)
      : await this.store.rooms(page);
    if (rooms.length <= limit) return { rooms };
    const shown = rooms.slice(0, limit);
    return { rooms: shown, next: shown[shown.length - 1].room };
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
    // A signed-in user's membership ends too (the room gets `room:left` once).
    if (room !== undefined && this.members.enabled) {
      await this.members.remove(room, userId);
    }
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
      if (this.members.enabled) {
        this.members.detach(socketId, local, room);
      } else {
        await this.sockets.leave({ socketId, user: local.user }, local, room);
      }
      this.delivery.deliver({
        to: { socket: socketId },
        event: 'room:kicked',
        payload: { room },
      });
    }
    return targets.length;
  }
}
