import { Inject, Injectable } from '@nestjs/common';
import type {
  DirectResult,
  InboxPayload,
  InboxResult,
  HistoryResult,
  Member,
  Message,
  MessageRefPayload,
  ModerationResult,
  RoomListPayload,
  RoomListResult,
  StatsResult,
} from '../contract/index.js';
import { RoomsStore } from '../stores/rooms-store.interface.js';
import { HistoryService, type HistoryRequest } from './history.service.js';
import { DirectRoomsService } from './direct-rooms.service.js';
import { InboxService } from './inbox.service.js';
import { SYSTEM_MEMBER } from '../module/chat.constants.js';
import { ChatDelivery } from './delivery.js';
import { MembershipService } from './membership.service.js';
import { MessageEditsService } from './message-edits.service.js';
import {
  ModerationService,
  type ModerationChange,
} from './moderation.service.js';
import { MessagingService } from './messaging.service.js';
import type { PublishOptions } from './message-draft.js';
import type { Observable } from 'rxjs';
import { ChatEvents } from '../notifications/chat-events.js';
import type { ChatEvent } from '../notifications/chat-event.js';
import {
  HostTransactions,
  type TransactionClient,
} from './host-transactions.js';

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
    private readonly historyService: HistoryService,
    @Inject(RoomsStore) private readonly store: RoomsStore,
    private readonly edits: MessageEditsService,
    private readonly moderation: ModerationService,
    private readonly delivery: ChatDelivery,
    private readonly directRooms: DirectRoomsService,
    private readonly inboxes: InboxService,
    private readonly hostEvents: ChatEvents,
    private readonly transactions: HostTransactions,
  ) {}

  /**
   * The chat's events, for the host's own code (push notifications,
   * search indexing, audit): `message.new` (with the `offline` members),
   * `message.edited`, `message.deleted`, `member.added`, `member.removed`.
   * Each is seen once, on the instance that accepted it, after it is
   * stored; handed over after the sender's ack. A handler that throws or
   * rejects is logged (at most once a minute) and stays subscribed; the
   * chat never waits for one.
   */
  get events(): Observable<ChatEvent> {
    return this.hostEvents.stream;
  }

  /**
   * Posts into a room on behalf of `from` (the system member by default):
   * stored with its seq (committed first with a database), then delivered
   * to the room's members as `message:new`. Without a database, a room
   * without members keeps nothing and reaches nobody. With the same
   * `clientMessageId` from the same sender, a retry answers the first
   * message and sends nothing. Rejects with a `ChatError` (`UNAVAILABLE`
   * while the store is away).
   */
  async publishToRoom(
    room: string,
    text: string,
    options: PublishOptions = {},
  ): Promise<Message> {
    return (await this.messaging.publishToRoom(room, text, options)).message;
  }

  /**
   * With `database`: posts into a room inside the host's own transaction,
   * through the `pg` client that runs it (`BEGIN` … `COMMIT`). The message
   * (with its seq) and its webhook event commit or roll back with the
   * host's writes; members get `message:new` only once it commits. Keep
   * the transaction short: it holds the room's seq counter until it ends.
   */
  publishInTransaction(
    client: TransactionClient,
    room: string,
    text: string,
    options: PublishOptions = {},
  ): Promise<Message> {
    return this.transactions.publish(client, room, text, options);
  }

  /** An announcement from the system member to every `/chat` client. */
  announce(text: string): Promise<Message> {
    return this.messaging.announce(text);
  }

  /**
   * One page of the room's history, oldest first, as `room:history`: the
   * newest `limit` (at most, and by default, the history limit), or those
   * `before` / `after` a seq; `hasMore` when more lie in that direction.
   */
  history(room: string, page: HistoryRequest = {}): Promise<HistoryResult> {
    return this.historyService.page(room, page);
  }

  /** One page of rooms in name order (as `room:list`). */
  listRooms(page?: RoomListPayload): Promise<RoomListResult> {
    return this.membership.listRooms(page);
  }

  /** The room's members (distinct users, in joining order; signed-in users: connected or not, at most 10,000). */
  members(room: string): Promise<Member[]> {
    return this.membership.membersOf(room);
  }

  /**
   * Kicks a user: out of `room` (its sockets get `room:kicked`), or off the
   * server without one. Resolves with the number of sockets affected.
   */
  kick(userId: string, room?: string): Promise<number> {
    return this.membership.kick(userId, room);
  }

  /**
   * Signed-in users: makes `member` a member of `room` as its own join
   * would (the room policy's `canJoin`, bans and the room limit apply),
   * on every device and instance; its sockets get `room:added { by }`
   * (the system member by default), the room `room:joined`. Resolves
   * `false` when it was a member already.
   */
  addMember(
    room: string,
    member: Member,
    by: Member = SYSTEM_MEMBER,
  ): Promise<boolean> {
    return this.membership.addByHost(room, member, by);
  }

  /** Signed-in users: ends a membership on every device (the room and the user's sockets get `room:left`). */
  removeMember(room: string, userId: string): Promise<boolean> {
    return this.membership.removeByHost(room, userId);
  }

  /**
   * Signed-in users: opens (or finds) the direct room of `user` and
   * `peerId`, as `dm:open` from `user` (the peer's sockets get
   * `room:added`); resolves with `user`'s join data and the peer.
   */
  openDirect(user: Member, peerId: string): Promise<DirectResult> {
    return this.directRooms.open(user, peerId);
  }

  /** A signed-in user's inbox, as its `inbox:list` would answer. */
  inbox(userId: string, page?: InboxPayload): Promise<InboxResult> {
    return this.inboxes.forUser(userId, page);
  }

  /** Connections, rooms and accepted messages, over every instance. */
  async stats(): Promise<StatsResult> {
    const [connections, rooms, messages] = await Promise.all([
      this.store.connectionCount(),
      this.membership.roomCount(),
      this.store.messageCount(),
    ]);
    return { connections, rooms, messages };
  }

  /**
   * Deletes any author's message (a tombstone keeps its seq); the members
   * get `message:deleted`. `NOT_FOUND` when no such message is kept.
   */
  deleteMessage(room: string, id: string): Promise<MessageRefPayload> {
    return this.edits.deleteAny(room, id);
  }

  /**
   * Bans the user from the room on every instance, for `durationMs` or
   * until `unban`: its sockets leave the room (as with `kick`) and its joins
   * are refused `FORBIDDEN`. Resolves with the number of sockets kicked.
   */
  async ban(userId: string, room: string, durationMs?: number) {
    await this.tellPeers(
      await this.moderation.put('ban', room, userId, durationMs),
    );
    return this.membership.kick(userId, room);
  }

  async unban(userId: string, room: string): Promise<void> {
    await this.tellPeers(await this.moderation.remove('ban', room, userId));
  }

  /** Mutes the user in the room: its sends, edits and typing there are refused `FORBIDDEN`. */
  async mute(userId: string, room: string, durationMs?: number) {
    await this.tellPeers(
      await this.moderation.put('mute', room, userId, durationMs),
    );
  }

  async unmute(userId: string, room: string): Promise<void> {
    await this.tellPeers(await this.moderation.remove('mute', room, userId));
  }

  /** The bans and mutes in force in the room. */
  moderationOf(room: string): Promise<ModerationResult> {
    return this.moderation.inForce(room);
  }

  private async tellPeers(change: ModerationChange) {
    await this.delivery.port?.moderateOnPeers(change);
  }
}
