import { Inject, Injectable } from '@nestjs/common';
import type {
  HistoryResult,
  Member,
  Message,
  RoomListPayload,
  RoomListResult,
  StatsResult,
} from './contract/events.js';
import { RoomsStore } from './store/rooms-store.interface.js';
import { MembershipService } from './rooms/membership.service.js';
import { MessagingService } from './rooms/messaging.service.js';

/**
 * What a host application's own services may do with the chat: the one
 * injectable the module exports. Its calls act on every instance (with
 * Redis) and follow the same rules as the sockets' events; the transport
 * and the per-socket state stay internal.
 */
@Injectable()
export class RoomsService {
  constructor(
    private readonly membership: MembershipService,
    private readonly messaging: MessagingService,
    @Inject(RoomsStore) private readonly store: RoomsStore,
  ) {}

  /**
   * Posts into a room on behalf of `from` (the system member by default):
   * kept in the room's history, delivered to its members as `message:new`.
   * A room without members keeps nothing and reaches nobody.
   */
  publishToRoom(room: string, text: string, from?: Member): Promise<Message> {
    return this.messaging.publishToRoom(room, text, from);
  }

  /** An announcement from the system member to every `/chat` client. */
  announce(text: string): Promise<Message> {
    return this.messaging.announce(text);
  }

  /** The room's newest `limit` messages (at most the history limit), oldest first. */
  history(
    room: string,
    { limit }: { limit?: number } = {},
  ): Promise<HistoryResult> {
    return this.messaging.roomHistory(room, limit);
  }

  /** One page of rooms in name order (as `room:list`). */
  listRooms(page?: RoomListPayload): Promise<RoomListResult> {
    return this.membership.listRooms(page);
  }

  /** The room's members (distinct users, in joining order). */
  members(room: string): Promise<Member[]> {
    return this.store.members(room);
  }

  /**
   * Kicks a user: out of `room` (its sockets get `room:kicked`), or off the
   * server without one. Resolves with the number of sockets affected.
   */
  kick(userId: string, room?: string): Promise<number> {
    return this.membership.kick(userId, room);
  }

  /** Connections, rooms and accepted messages, over every instance. */
  async stats(): Promise<StatsResult> {
    const [connections, rooms, messages] = await Promise.all([
      this.store.connectionCount(),
      this.store.roomCount(),
      this.store.messageCount(),
    ]);
    return { connections, rooms, messages };
  }
}
