import type { InboxReader } from './inbox-reader.interface.js';
import type { MessageSearch } from './message-search.interface.js';
import type { Message } from '../contract/events.js';

/** A room message before it is stored: everything but its `seq`. */
export type MessageDraft = Omit<Message, 'seq' | 'room'> & { room: string };

export interface AppendOutcome {
  /** The stored message, with its `seq`. */
  message: Message;
  /** True when the sender's `clientMessageId` named a message already kept: that one is answered and nothing is stored. */
  duplicate: boolean;
}

/** At most one of `before` and `after`; without either, the newest messages. */
export interface HistoryQuery {
  before?: number;
  after?: number;
  limit: number;
}

export interface HistorySlice {
  /** Oldest first. */
  messages: Message[];
  /** More kept messages beyond the page in its direction (older, or newer for `after`). */
  hasMore: boolean;
  /** The room's newest `seq`, read with the page (0 for a room without messages). */
  latestSeq: number;
}

/** An edit (new text) or a deletion (the message becomes a tombstone). */
export type MessageChange =
  { text: string; editedAt: number } | { deletedAt: number };

/**
 * What a change found: the changed message, or why nothing changed
 * (no kept, undeleted message with that id; or not the author's).
 */
export type ChangeOutcome = Message | 'not-found' | 'forbidden';

/** A user's read position in a room and what it leaves unread. */
export interface ReadState {
  lastRead: number;
  /** Kept, undeleted messages by others with `seq > lastRead`. */
  unread: number;
}

/**
 * What is said in rooms, apart from who is there (`RoomsStore`): each room
 * message with its `seq`, gapless per room across instances, the index
 * of `clientMessageId`s that makes sends idempotent, edits and tombstones,
 * and each user's read position.
 *
 * A store that is not `durable` keeps a bounded window per room and only
 * while the room has members (it starts again at `seq` 1 after that); a
 * durable one keeps everything within retention, whoever is there. Read
 * positions live as long as the room's history.
 */
export interface MessageStore {
  readonly durable: boolean;
  /**
   * The store lives in this process: it cannot be unreachable, so its calls
   * skip the outage deadline (`MessageLog`).
   */
  readonly inProcess?: boolean;
  /** A search of its own (an index over everything kept); without it, search scans the kept window. */
  readonly search?: MessageSearch;
  /** An inbox of its own (all of a user's rooms in one query); without it, the inbox asks per room. */
  readonly inbox?: InboxReader;
  /**
   * Stores a room message under the room's next `seq`. `null` when it is not
   * kept: a room without members in a store that is not durable.
   */
  append(draft: MessageDraft): Promise<AppendOutcome | null>;
  /**
   * `append`, synchronously: only a store in this process has it, and the
   * send path then costs no promise (BENCHMARKS.md, "Levers").
   */
  appendNow?(draft: MessageDraft): AppendOutcome | null;
  /** The message `userId` sent to `room` with `clientMessageId`, while it is kept. */
  findByClientId(
    room: string,
    userId: string,
    clientMessageId: string,
  ): Promise<Message | null>;
  /**
   * The kept messages of the room with these ids (tombstones included), in
   * no particular order; ids it does not keep are left out. At most the
   * history limit of ids.
   */
  findMany(room: string, ids: string[]): Promise<Message[]>;
  /** One page of the room's kept history; empty (with `latestSeq` 0) for an unknown room. */
  page(room: string, query: HistoryQuery): Promise<HistorySlice>;
  /**
   * Edits or deletes a kept, undeleted message of the room, in place (its
   * `seq` stays). With `authorId`, only a message that user sent.
   */
  change(
    room: string,
    id: string,
    change: MessageChange,
    authorId?: string,
  ): Promise<ChangeOutcome>;
  /**
   * Moves the user's read position forward to `seq`, clamped to the room's
   * newest seq; `moved` when it changed.
   */
  markRead(
    room: string,
    userId: string,
    seq: number,
  ): Promise<{ lastRead: number; moved: boolean }>;
  /** The user's read position and unread count, from seqs (not by loading messages). */
  readState(room: string, userId: string): Promise<ReadState>;

  /** Optional background work (migrations, retention), started with the app. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Injection token of the message store; the same name as the interface. */
export const MessageStore = Symbol('MessageStore');

/** The key of a sender's `clientMessageId` in a room's index. */
export const clientIdKey = (userId: string, clientMessageId: string) =>
  `${userId}\n${clientMessageId}`;
