import Denque from 'denque';
import type { Message } from '../../contract/events.js';
import {
  applyChange,
  refusalOf,
  sequenced,
  unreadAmong,
} from '../message-change.js';
import {
  clientIdKey,
  type AppendOutcome,
  type ChangeOutcome,
  type HistoryQuery,
  type MessageChange,
  type HistorySlice,
  type MessageDraft,
  type MessageStore,
} from '../message-store.interface.js';
import type { LiveRooms } from '../rooms-store.interface.js';

interface RoomHistory {
  latestSeq: number;
  /** Contiguous seqs, oldest first. */
  messages: Denque<Message>;
  byClientId: Map<string, Message>;
  /** Each user's read position. */
  reads: Map<string, number>;
}

/**
 * The default message store: the newest `historyLimit` messages of each
 * room in this process, while the room has members (`liveRooms`); without
 * it, every room's window is kept until the process ends.
 */
export class MemoryMessageStore implements MessageStore {
  readonly inProcess = true;
  readonly durable = false;
  private readonly rooms = new Map<string, RoomHistory>();

  constructor(
    private readonly historyLimit: number,
    private readonly liveRooms?: LiveRooms,
  ) {
    liveRooms?.onForgotten((room) => this.rooms.delete(room));
  }

  async append(draft: MessageDraft) {
    return this.appendNow(draft);
  }

  appendNow(draft: MessageDraft): AppendOutcome | null {
    const { room } = draft;
    if (this.liveRooms && !this.liveRooms.has(room)) return null;
    const history = this.roomOf(room);
    const key = draft.clientMessageId
      ? clientIdKey(draft.from.userId, draft.clientMessageId)
      : null;
    const earlier = key ? history.byClientId.get(key) : undefined;
    if (earlier) return { message: earlier, duplicate: true };
    const message = sequenced(draft, ++history.latestSeq);
    history.messages.push(message);
    if (key) history.byClientId.set(key, message);
    while (history.messages.length > this.historyLimit) {
      const dropped = history.messages.shift()!;
      if (dropped.clientMessageId) {
        history.byClientId.delete(
          clientIdKey(dropped.from.userId, dropped.clientMessageId),
        );
      }
    }
    return { message, duplicate: false };
  }

  private roomOf(room: string): RoomHistory {
    let history = this.rooms.get(room);
    if (!history) {
      history = {
        latestSeq: 0,
        messages: new Denque(),
        byClientId: new Map(),
        reads: new Map(),
      };
      this.rooms.set(room, history);
    }
    return history;
  }

  async findMany(room: string, ids: string[]): Promise<Message[]> {
    const history = this.rooms.get(room);
    if (!history || ids.length === 0) return [];
    const wanted = new Set(ids);
    const found: Message[] = [];
    for (let i = history.messages.length - 1; i >= 0; i--) {
      const message = history.messages.peekAt(i)!;
      if (wanted.has(message.id)) found.push(message);
    }
    return found;
  }

  async change(
    room: string,
    id: string,
    change: MessageChange,
    authorId?: string,
  ): Promise<ChangeOutcome> {
    const history = this.rooms.get(room);
    if (!history) return 'not-found';
    // A scan of the window (at most the history limit) on this rare path
    // keeps an id index off every append (BENCHMARKS.md, "Levers").
    const { messages } = history;
    let index = messages.length - 1;
    while (index >= 0 && messages.peekAt(index)!.id !== id) index--;
    const found = index >= 0 ? messages.peekAt(index) : undefined;
    const refusal = refusalOf(found, authorId);
    if (refusal) return refusal;
    const changed = applyChange(found!, change);
    history.messages.splice(index, 1, changed);
    if (changed.clientMessageId) {
      history.byClientId.set(
        clientIdKey(changed.from.userId, changed.clientMessageId),
        changed,
      );
    }
    return changed;
  }

  async markRead(room: string, userId: string, seq: number) {
    if (this.liveRooms && !this.liveRooms.has(room)) {
      return { lastRead: 0, moved: false };
    }
    const history = this.roomOf(room);
    const current = history.reads.get(userId) ?? 0;
    const target = Math.min(seq, history.latestSeq);
    if (target <= current) return { lastRead: current, moved: false };
    history.reads.set(userId, target);
    return { lastRead: target, moved: true };
  }

  async readState(room: string, userId: string) {
    const history = this.rooms.get(room);
    const lastRead = history?.reads.get(userId) ?? 0;
    if (!history || history.messages.length === 0)
      return { lastRead, unread: 0 };
    const { messages } = history;
    const start = Math.max(0, lastRead - messages.peekFront()!.seq! + 1);
    const authors: (string | null)[] = [];
    for (let i = start; i < messages.length; i++) {
      const message = messages.peekAt(i)!;
      authors.push(
        message.deletedAt === undefined ? message.from.userId : null,
      );
    }
    return { lastRead, unread: unreadAmong(authors, userId) };
  }

  async findByClientId(room: string, userId: string, clientMessageId: string) {
    const history = this.rooms.get(room);
    return (
      history?.byClientId.get(clientIdKey(userId, clientMessageId)) ?? null
    );
  }

  async page(
    room: string,
    { before, after, limit }: HistoryQuery,
  ): Promise<HistorySlice> {
    const history = this.rooms.get(room);
    if (!history || history.messages.length === 0) {
      return {
        messages: [],
        hasMore: false,
        latestSeq: history?.latestSeq ?? 0,
      };
    }
    const { messages, latestSeq } = history;
    const firstSeq = messages.peekFront()!.seq!;
    let start: number;
    let end: number;
    if (after !== undefined) {
      start = Math.min(messages.length, Math.max(0, after - firstSeq + 1));
      end = Math.min(messages.length, start + limit);
    } else {
      const bound = before ?? latestSeq + 1;
      end = Math.min(messages.length, Math.max(0, bound - firstSeq));
      start = Math.max(0, end - limit);
    }
    const page: Message[] = [];
    for (let i = start; i < end; i++) page.push(messages.peekAt(i)!);
    const hasMore = after !== undefined ? end < messages.length : start > 0;
    return { messages: page, hasMore, latestSeq };
  }
}
