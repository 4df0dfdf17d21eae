import type { Redis } from 'ioredis';
import type { Message } from '../contract/events.js';
import {
  clientIdKey,
  type HistoryQuery,
  type HistorySlice,
  type MessageDraft,
  type MessageStore,
} from './message-store.interface.js';
import {
  roomHistoryKeys,
  withChatScripts,
  type ScriptedRedis,
} from './redis-scripts.js';

/**
 * Room history shared by every instance through Redis: a list of the newest
 * `historyLimit` messages per room, its seq counter and the index of
 * `clientMessageId`s, each changed in one script. Kept while the room has
 * members (`RedisRoomsStore` drops the keys with the room's last member).
 */
export class RedisMessageStore implements MessageStore {
  readonly durable = false;
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly historyLimit: number,
    private readonly prefix = 'chat:',
  ) {
    this.redis = withChatScripts(redis);
  }

  private keys(room: string) {
    return roomHistoryKeys(`${this.prefix}room:${room}`);
  }

  async append(draft: MessageDraft) {
    const [history, seq, clientIds] = this.keys(draft.room);
    const answer = await this.redis.chatAppendMessage(
      history,
      seq,
      clientIds,
      `${this.prefix}room:${draft.room}:sockets`,
      JSON.stringify(draft),
      draft.clientMessageId
        ? clientIdKey(draft.from.userId, draft.clientMessageId)
        : '',
      String(this.historyLimit),
    );
    if (!answer) return null;
    return {
      message: JSON.parse(answer[1]) as Message,
      duplicate: answer[0] === 0,
    };
  }

  async findByClientId(room: string, userId: string, clientMessageId: string) {
    const entry = await this.redis.hget(
      this.keys(room)[2],
      clientIdKey(userId, clientMessageId),
    );
    return entry === null ? null : (JSON.parse(entry) as Message);
  }

  async page(
    room: string,
    { before, after, limit }: HistoryQuery,
  ): Promise<HistorySlice> {
    const [history, seq] = this.keys(room);
    const [latestSeq, more, entries] = await this.redis.chatHistoryPage(
      history,
      seq,
      after === undefined ? 'before' : 'after',
      String(after ?? before ?? Number.MAX_SAFE_INTEGER),
      String(limit),
    );
    return {
      messages: entries.map((entry) => JSON.parse(entry) as Message),
      hasMore: more === 1,
      latestSeq: Number(latestSeq),
    };
  }
}
