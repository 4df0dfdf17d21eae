import type { Redis } from 'ioredis';
import type { Message } from '../../contract/events.js';
import { applyChange, refusalOf } from '../message-change.js';
import {
  clientIdKey,
  type ChangeOutcome,
  type HistoryQuery,
  type MessageChange,
  type HistorySlice,
  type MessageDraft,
  type MessageStore,
} from '../message-store.interface.js';
import {
  roomHistoryKeys,
  roomIndexKeys,
  withChatScripts,
  type ScriptedRedis,
} from './redis-scripts.js';

/** Compare-and-set rounds of one edit or deletion racing others on the same message. */
const CHANGE_ATTEMPTS = 5;

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

  /** The room's keys: history, seq, clientMessageId index, sockets, ids, authors, reads, reactions. */
  private keys(room: string) {
    const base = `${this.prefix}room:${room}`;
    return [
      ...roomHistoryKeys(base),
      `${base}:sockets`,
      ...roomIndexKeys(base),
    ];
  }

  async append(draft: MessageDraft) {
    const [history, seq, clientIds, sockets, ids, authors, , reactions] =
      this.keys(draft.room);
    const answer = await this.redis.chatAppendMessage(
      history,
      seq,
      clientIds,
      sockets,
      ids,
      authors,
      reactions,
      JSON.stringify(draft),
      draft.clientMessageId
        ? clientIdKey(draft.from.userId, draft.clientMessageId)
        : '',
      String(this.historyLimit),
      draft.id,
      draft.from.userId,
    );
    if (!answer) return null;
    return {
      message: JSON.parse(answer[1]) as Message,
      duplicate: answer[0] === 0,
    };
  }

  /**
   * Read, checked and written back only if unchanged meanwhile (the JSON is
   * built here, not in Lua); a concurrent change of the same message retries.
   */
  async change(
    room: string,
    id: string,
    change: MessageChange,
    authorId?: string,
  ): Promise<ChangeOutcome> {
    const [history, seq, clientIds, , ids, authors] = this.keys(room);
    for (let attempt = 1; ; attempt++) {
      const found = await this.redis.chatMessageById(history, seq, ids, id);
      const stored = found ? (JSON.parse(found[1]) as Message) : null;
      const refusal = refusalOf(stored, authorId);
      if (refusal) return refusal;
      const changed = applyChange(stored!, change);
      const entry = JSON.stringify(changed);
      const replaced = await this.redis.chatReplaceMessage(
        history,
        seq,
        clientIds,
        authors,
        String(found![0]),
        found![1],
        entry,
        changed.clientMessageId
          ? clientIdKey(changed.from.userId, changed.clientMessageId)
          : '',
        'deletedAt' in change ? '1' : '0',
      );
      if (replaced === 1) return changed;
      if (attempt >= CHANGE_ATTEMPTS) {
        throw new Error(`message ${id} kept changing under this edit`);
      }
    }
  }

  async markRead(room: string, userId: string, seq: number) {
    const [, latest, , sockets, , , reads] = this.keys(room);
    const [lastRead, moved] = await this.redis.chatMarkRead(
      latest,
      reads,
      sockets,
      userId,
      String(seq),
    );
    return { lastRead, moved: moved === 1 };
  }

  async readState(room: string, userId: string) {
    const [, latest, , , , authors, reads] = this.keys(room);
    const [lastRead, unread] = await this.redis.chatReadState(
      latest,
      authors,
      reads,
      userId,
    );
    return { lastRead, unread };
  }

  async findMany(room: string, ids: string[]): Promise<Message[]> {
    const [history, seq, , , idIndex] = this.keys(room);
    const found = await Promise.all(
      ids.map((id) => this.redis.chatMessageById(history, seq, idIndex, id)),
    );
    return found.flatMap((entry) =>
      entry ? [JSON.parse(entry[1]) as Message] : [],
    );
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
