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
