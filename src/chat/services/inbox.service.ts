import { Inject, Injectable } from '@nestjs/common';
import type {
  InboxEntry,
  InboxPayload,
  InboxResult,
  Member,
  Message,
} from '../contract/events.js';
import { INBOX } from '../module/chat.constants.js';
import {
  InboxReader,
  type InboxState,
} from '../stores/inbox-reader.interface.js';
import { MemberStore } from '../stores/member-store.interface.js';
import { MessageStore } from '../stores/message-store.interface.js';
import { PerRoomInboxReader } from '../stores/per-room-inbox.reader.js';
import { RoomsStore } from '../stores/rooms-store.interface.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import {
  decodeCursor,
  encodeCursor,
  inboxOrder,
  type InboxPosition,
} from './inbox-cursor.js';
import { MembersService } from './members.service.js';
import { OutageGuard } from './outage-guard.js';
import { ReactionsService } from './reactions.service.js';

/**
 * `inbox:list`: the user's rooms, the most recently active first, with
 * exact unread counts. Every room's state is read (the order and the total
 * need them all: at most the user's room limit), then the page's last
 * messages, member counts and peers.
 */
@Injectable()
export class InboxService {
  private readonly guard = new OutageGuard(
    'ChatInbox',
    'inbox store',
    'inbox:list answers UNAVAILABLE',
  );
  /** A nickname user's inbox: its socket's rooms, read one by one. */
  private readonly socketRooms: PerRoomInboxReader;

  constructor(
    @Inject(InboxReader) private readonly reader: InboxReader,
    @Inject(MemberStore) private readonly members: MemberStore,
    @Inject(RoomsStore) private readonly rooms: RoomsStore,
    @Inject(MessageStore) messages: MessageStore,
    private readonly memberships: MembersService,
    private readonly registry: ConnectionRegistry,
    private readonly reactions: ReactionsService,
  ) {
    this.socketRooms = new PerRoomInboxReader(members, messages);
  }

  /** A socket's `inbox:list`. */
  list(connection: Connection, page: InboxPayload = {}): Promise<InboxResult> {
    return this.page(connection.user.userId, page, () =>
      this.statesOf(connection),
    );
  }

  /** A signed-in user's inbox, for the host (the socket's rules apply). */
  forUser(userId: string, page: InboxPayload = {}): Promise<InboxResult> {
    return this.page(userId, page, () => this.reader.states(userId));
  }

  private async page(
    userId: string,
    { limit = INBOX.defaultLimit, cursor }: InboxPayload,
    read: () => Promise<InboxState[]>,
  ): Promise<InboxResult> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const states = await this.guard.run(read());
    const ordered = states
      .map((state) => ({ ...state, activeAt: state.lastAt ?? state.joinedAt }))
      .sort(inboxOrder);
    const start =
      after === undefined
        ? 0
        : ordered.findIndex((state) => inboxOrder(state, after) > 0);
    const rest = start === -1 ? [] : ordered.slice(start);
    const page = rest.slice(0, limit);
    const hasMore = rest.length > limit;
    const rooms = await this.guard.run(this.entries(page, userId));
    const last = page[page.length - 1] as InboxPosition | undefined;
    return {
      rooms,
      totalUnread: states.reduce((sum, state) => sum + state.unread, 0),
      hasMore,
      cursor: hasMore && last ? encodeCursor(last) : null,
    };
  }

  private async statesOf(connection: Connection): Promise<InboxState[]> {
    const { userId } = connection.user;
    if (this.memberships.enabled) return this.reader.states(userId);
    const local = this.registry.require(connection);
    return this.socketRooms.statesOf(
      userId,
      [...local.rooms].map((room) => ({ room, kind: 'room', joinedAt: 0 })),
    );
  }

  private async entries(
    page: (InboxState & { activeAt: number })[],
    userId: string,
  ): Promise<InboxEntry[]> {
    const names = page.map((state) => state.room);
    const [lastMessages, counts, peers] = await Promise.all([
      this.reader
        .lastMessages(names)
        .then(async (last) => this.withReactions(last)),
      this.memberCounts(names),
      Promise.all(
        page.map((state) =>
          state.kind === 'direct'
            ? this.peerOf(state.room, userId)
            : Promise.resolve(null),
        ),
      ),
    ]);
    return page.map((state, i) => {
      const entry: InboxEntry = {
        room: state.room,
        kind: state.kind,
        activeAt: state.activeAt,
        latestSeq: state.latestSeq,
        lastRead: state.lastRead,
        unread: state.unread,
        lastMessage: lastMessages.get(state.room) ?? null,
        memberCount: counts[i],
      };
      const peer = peers[i];
      if (peer) entry.peer = peer;
      return entry;
    });
  }

  /** The last messages with their reactions (one store call for the page). */
  private async withReactions(last: Map<string, Message>) {
    const messages = await this.reactions.attach([...last.values()]);
    return new Map(messages.map((message) => [message.room ?? '', message]));
  }

  private memberCounts(rooms: string[]): Promise<number[]> {
    if (this.memberships.enabled) return this.members.memberCounts(rooms);
    return Promise.all(
      rooms.map(async (room) => (await this.rooms.members(room)).length),
    );
  }

  /** The other user of a direct room; the caller in a direct room of one. */
  async peerOf(room: string, userId: string): Promise<Member | null> {
    const { members } = await this.members.members(room, 2);
    return (
      members.find((member) => member.userId !== userId) ??
      members.find((member) => member.userId === userId) ??
      null
    );
  }
}
