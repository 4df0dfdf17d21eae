import type { ErrorCode } from './error-code.enum.js';

// The contract's shared types (PROTOCOL.md, "Chat events"): who, what
// was said, and how every ack is shaped.

export interface Member {
  userId: string;
  nickname: string;
}

export interface Message {
  id: string;
  room: string | null;
  from: Member;
  text: string;
  /** Epoch milliseconds. */
  at: number;
  /** Room messages only: 1 for a room's first message, then gapless (see "Sequence numbers and resuming"). */
  seq?: number;
  /** Echoed when the sender gave one: a retry with it answers this message instead of sending again. */
  clientMessageId?: string;
  /** When the author last edited the text (epoch ms). */
  editedAt?: number;
  /** When it was deleted (epoch ms): a tombstone, whose `text` is `""`. */
  deletedAt?: number;
  /** The message this one answers, as it was quoted. */
  replyTo?: ReplyQuote;
  /** Once it has any (in joins, history and the inbox): by the order each emoji was first added. */
  reactions?: Reaction[];
}

/** One emoji on a message: how many reacted with it, and the first 20 of them. */
export interface Reaction {
  emoji: string;
  count: number;
  userIds: string[];
}

/** A quoted message: its first 200 characters (`""` once it is deleted, in history). */
export interface ReplyQuote {
  id: string;
  seq: number;
  from: Member;
  text: string;
}

export interface PrivateMessage extends Message {
  to: string;
}

export interface ErrorBody {
  code: ErrorCode | `${ErrorCode}`;
  message: string;
  details?: unknown;
}

export type AckSuccess<T> = { ok: true; data: T };
export type AckFailure = { ok: false; error: ErrorBody };
export type AckResponse<T> = AckSuccess<T> | AckFailure;
export type Ack<T> = (response: AckResponse<T>) => void;

export interface RoomSummary {
  room: string;
  members: number;
}

export interface SessionInfo {
  id: string;
  userId: string;
  nickname: string;
}

/** A member and whether any of its sockets is connected (on any instance). */
export interface MemberPresence extends Member {
  online: boolean;
}
/** A room the user belongs to: a chosen one, or the direct room of two users. */
export type RoomKind = 'room' | 'direct';

// Conversations of signed-in users (PROTOCOL.md, "Members, presence and the inbox").

export interface InboxPayload {
  /** Rooms per page, 1–100 (default 50). */
  limit?: number;
  /** The previous page's `cursor`: the page after it. */
  cursor?: string;
}
export interface InboxEntry {
  room: string;
  kind: RoomKind;
  /** The time of the room's last message, or of joining it when it has none (epoch ms). */
  activeAt: number;
  latestSeq: number;
  lastRead: number;
  /** As in `room:join`: kept, undeleted messages by others after `lastRead`. */
  unread: number;
  lastMessage: Message | null;
  memberCount: number;
  /** The other user of a direct room (the caller in a direct room of one). */
  peer?: Member;
}
export interface InboxResult {
  /** The most recently active first; rooms active in the same millisecond by name. */
  rooms: InboxEntry[];
  /** Unread messages over all the user's rooms, not only this page. */
  totalUnread: number;
  hasMore: boolean;
  /** Pass it back for the next page; `null` on the last page. */
  cursor: string | null;
}
/** `presence`: a member's first socket connected, or its last one went. */
export interface PresenceEvent {
  room: string;
  member: Member;
  online: boolean;
}
/** `room:added`: the user became a member through someone else. */
export interface RoomAddedEvent {
  room: string;
  kind: RoomKind;
  by: Member;
}
/**
 * The body of a webhook request (`CHAT_WEBHOOK_URL`): one accepted room
 * message, and the members to notify by other means (push, email).
 */
export interface MessageNewWebhook {
  type: 'message.new';
  message: Message;
  /** Members' `userId`s with no connected socket on any instance when it was accepted (never the sender; empty without signed-in users). */
  offline: string[];
}
