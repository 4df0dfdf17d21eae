import type { Message, RoomKind } from '../contract/events.js';

/** A room of the user's inbox, all but its last message. */
export interface InboxState {
  room: string;
  kind: RoomKind;
  joinedAt: number;
  latestSeq: number;
  lastRead: number;
  unread: number;
  /** When the room's last kept message was sent (`null`: none). */
  lastAt: number | null;
}

/**
 * What `inbox:list` reads: every room of a user with its counts (all of
 * them, for the order and the total), then the last message of one page.
 */
export interface InboxReader {
  states(userId: string): Promise<InboxState[]>;
  /** The newest kept message of each room that has one. */
  lastMessages(rooms: string[]): Promise<Map<string, Message>>;
}

/** Injection token of the reader; the same name as the interface. */
export const InboxReader = Symbol('InboxReader');
