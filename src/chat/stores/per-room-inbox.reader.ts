import type { Message } from '../contract/events.js';
import type { InboxReader, InboxState } from './inbox-reader.interface.js';
import type { MemberStore, Membership } from './member-store.interface.js';
import type { MessageStore } from './message-store.interface.js';

/**
 * The inbox of a store without one of its own (in memory, Redis): the
 * user's rooms from the `MemberStore`, then each room's newest message and
 * read state, all rooms at once (Redis pipelines the concurrent calls).
 */
export class PerRoomInboxReader implements InboxReader {
  constructor(
    private readonly members: MemberStore,
    private readonly messages: MessageStore,
  ) {}

  async states(userId: string): Promise<InboxState[]> {
    return this.statesOf(userId, await this.members.roomsOf(userId));
  }

  /** The states of the given rooms (a nickname user's: its socket's rooms). */
  statesOf(userId: string, rooms: Membership[]): Promise<InboxState[]> {
    return Promise.all(
      rooms.map(async ({ room, kind, joinedAt }) => {
        const [{ messages, latestSeq }, read] = await Promise.all([
          this.messages.page(room, { limit: 1 }),
          this.messages.readState(room, userId),
        ]);
        return {
          room,
          kind,
          joinedAt,
          latestSeq,
          ...read,
          lastAt: messages.length > 0 ? messages[0].at : null,
        };
      }),
    );
  }

  async lastMessages(rooms: string[]): Promise<Map<string, Message>> {
    const pages = await Promise.all(
      rooms.map((room) => this.messages.page(room, { limit: 1 })),
    );
    const last = new Map<string, Message>();
    pages.forEach(({ messages }, i) => {
      if (messages.length > 0) last.set(rooms[i], messages[0]);
    });
    return last;
  }
}
