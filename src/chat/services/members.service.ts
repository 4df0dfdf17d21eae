import { Inject, Injectable } from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { Member, RoomKind, RoomSummary } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import type { MembershipChange } from '../transport/chat-transport.interface.js';
import { MemberStore } from '../stores/member-store.interface.js';
import { RoomsStore, type RoomPage } from '../stores/rooms-store.interface.js';
import {
  ConnectionRegistry,
  type LocalConnection,
} from './connection-registry.js';
import { ChatDelivery } from './delivery.js';
import { OutageGuard } from './outage-guard.js';
import { NotificationsService } from '../notifications/notifications.service.js';

/** The `RoomsStore` entry that stands for a member while none of its sockets is there: it keeps the room (and a history that is not durable) alive. */
const memberEntry = (userId: string) => `~${userId}`;

/** Users connecting now (between the handshake's read of their rooms and their registration), with the changes made meanwhile. */
interface Arrival {
  sockets: number;
  changes: MembershipChange[];
  /** When the last of them started: a socket that never arrived (gone mid-handshake) is forgotten after `ARRIVAL_MS`. */
  since: number;
}

/** Longer than any handshake: an arrival this old lost its socket on the way. */
const ARRIVAL_MS = 60_000;

/**
 * The memberships of signed-in users: per user, kept while its sockets come
 * and go. A change reaches every socket of the user on every instance; the
 * room hears `room:joined` / `room:left` once per user, not per socket.
 */
@Injectable()
export class MembersService {
  /** Signed in: a stable identity (a token or the host's authentication). */
  readonly enabled: boolean;
  private readonly guard = new OutageGuard(
    'ChatMembers',
    'member store',
    'joins, leaves and inboxes of signed-in users answer UNAVAILABLE',
  );
  private readonly arrivals = new Map<string, Arrival>();

  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    @Inject(MemberStore) private readonly store: MemberStore,
    @Inject(RoomsStore) private readonly roomsStore: RoomsStore,
    private readonly registry: ConnectionRegistry,
    private readonly delivery: ChatDelivery,
    private readonly notifications: NotificationsService,
  ) {
    this.enabled = options.authenticate !== undefined;
  }

  /**
   * The rooms a connecting user's socket starts in, read before its first
   * event. Changes made until `arrived` are replayed onto them there.
   */
  async roomsForArrival(userId: string): Promise<string[]> {
    const now = Date.now();
    for (const [user, { since }] of this.arrivals) {
      if (now - since > ARRIVAL_MS) this.arrivals.delete(user);
    }
    const arrival = this.arrivals.get(userId) ?? {
      sockets: 0,
      changes: [],
      since: now,
    };
    arrival.sockets++;
    arrival.since = now;
    this.arrivals.set(userId, arrival);
    try {
      return await this.roomsOf(userId);
    } catch (error) {
      this.arrived(userId, new Set());
      throw error;
    }
  }

  /** The socket is registered: the changes made since its rooms were read are applied to them. */
  arrived(userId: string, rooms: Set<string>): void {
    const arrival = this.arrivals.get(userId);
    if (!arrival) return;
    for (const { room, added } of arrival.changes) {
      if (added) rooms.add(room);
      else rooms.delete(room);
    }
    if (--arrival.sockets === 0) this.arrivals.delete(userId);
  }

  isMember(room: string, userId: string): Promise<boolean> {
    return this.guard.run(this.store.isMember(room, userId));
  }

  /** Rooms that are not direct, with members, in name order (`room:list`). */
  rooms(page: RoomPage): Promise<RoomSummary[]> {
    return this.guard.run(this.store.rooms(page));
  }

  /** The room's members in joining order (at most 10,000). */
  async membersOf(room: string): Promise<Member[]> {
    return (await this.guard.run(this.store.members(room, 10_000))).members;
  }

  roomCount(): Promise<number> {
    return this.guard.run(this.store.roomCount());
  }

  /** Every room of the user (at most its room limit). */
  async roomsOf(userId: string): Promise<string[]> {
    const memberships = await this.guard.run(this.store.roomsOf(userId));
    return memberships.map((membership) => membership.room);
  }

  /**
   * Makes `member` a member (`by`: someone else did, the user's sockets get
   * `room:added`; else the room gets `room:joined`). `false` when it was
   * one already; `ROOM_LIMIT` when the user is in too many rooms.
   */
  async add(
    room: string,
    kind: RoomKind,
    member: Member,
    by?: Member,
  ): Promise<boolean> {
    const outcome = await this.guard.run(
      this.store.add(
        room,
        kind,
        member,
        Date.now(),
        this.options.maxRoomsPerSocket,
      ),
    );
    if (outcome === 'limit') {
      throw new ChatError(
        ErrorCode.RoomLimit,
        `A user may be a member of at most ${this.options.maxRoomsPerSocket} rooms`,
      );
    }
    if (outcome === 'already') return false;
    await this.guard.run(
      this.roomsStore.addMember(room, memberEntry(member.userId), member),
    );
    await this.spread({ userId: member.userId, room, added: true });
    if (by) {
      this.delivery.deliver({
        to: { user: member.userId },
        event: 'room:added',
        payload: { room, kind, by },
      });
    }
    this.delivery.deliver({
      to: { room },
      exceptUser: member.userId,
      event: 'room:joined',
      payload: { room, member },
    });
    this.notifications.memberAdded(room, member, by);
    return true;
  }

  /**
   * Ends a membership on every device. The room gets `room:left`; with
   * `tell` the user's own sockets too (all but `tell.except`, the socket
   * that left), so every device knows; a kick tells them `room:kicked`
   * instead. `false` when there was none.
   */
  async remove(
    room: string,
    userId: string,
    tell?: { except?: string },
  ): Promise<boolean> {
    const member = await this.guard.run(this.store.remove(room, userId));
    if (!member) return false;
    const payload = { room, member };
    this.delivery.deliver({
      to: { room },
      exceptUser: userId,
      event: 'room:left',
      payload,
    });
    // To the user's own sockets apart: they leave the room right away.
    if (tell) {
      this.delivery.deliver({
        to: { user: userId },
        ...tell,
        event: 'room:left',
        payload,
      });
    }
    await this.spread({ userId, room, added: false });
    await this.guard.run(
      this.roomsStore.removeMember(room, memberEntry(userId), member),
    );
    this.notifications.memberRemoved(room, member);
    return true;
  }

  /** Applies a change to the user's sockets here, then asks the other instances to. */
  private async spread(change: MembershipChange): Promise<void> {
    this.apply(change);
    await this.delivery.port?.membershipOnPeers(change);
  }

  /** Takes one socket of this instance out of a member's room (a membership ended, a kick). */
  detach(socketId: string, local: LocalConnection, room: string): void {
    local.rooms.delete(room);
    local.typingIn?.delete(room);
    this.delivery.port?.unsubscribe(socketId, room);
  }

  /** A change on this instance: the user's sockets here enter or leave the room at once. */
  apply(change: MembershipChange): void {
    const { userId, room, added } = change;
    this.arrivals.get(userId)?.changes.push(change);
    const transport = this.delivery.port;
    for (const [socketId, local] of this.registry.ofUser(userId)) {
      if (added) {
        local.rooms.add(room);
        transport?.subscribe(socketId, room);
      } else {
        this.detach(socketId, local, room);
      }
    }
  }
}
