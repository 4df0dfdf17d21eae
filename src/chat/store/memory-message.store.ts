import Denque from 'denque';
import type { Message } from '../contract/events.js';
import {
  clientIdKey,
  type HistoryQuery,
  type HistorySlice,
  type MessageDraft,
  type MessageStore,
} from './message-store.interface.js';

/** Which rooms exist (have members): history is kept only for those. */
export interface LiveRooms {
  has(room: string): boolean;
  /** Calls `listener` with each room that is forgotten (its last member left). */
  onForgotten(listener: (room: string) => void): void;
}

interface RoomHistory {
  latestSeq: number;
  /** Contiguous seqs, oldest first. */
  messages: Denque<Message>;
  byClientId: Map<string, Message>;
}

/**
 * The default message store: the newest `historyLimit` messages of each
 * room in this process, while the room has members (`liveRooms`); without
 * it, every room's window is kept until the process ends.
 */
export class MemoryMessageStore implements MessageStore {
  readonly durable = false;
  private readonly rooms = new Map<string, RoomHistory>();

  constructor(
    private readonly historyLimit: number,
    private readonly liveRooms?: LiveRooms,
  ) {
    liveRooms?.onForgotten((room) => this.rooms.delete(room));
  }

  async append(draft: MessageDraft) {
    const { room } = draft;
    if (this.liveRooms && !this.liveRooms.has(room)) return null;
    let history = this.rooms.get(room);
    if (!history) {
      history = { latestSeq: 0, messages: new Denque(), byClientId: new Map() };
      this.rooms.set(room, history);
    }
    const key = draft.clientMessageId
      ? clientIdKey(draft.from.userId, draft.clientMessageId)
      : null;
    const earlier = key ? history.byClientId.get(key) : undefined;
    if (earlier) return { message: earlier, duplicate: true };
    const message: Message = { ...draft, seq: ++history.latestSeq };
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
