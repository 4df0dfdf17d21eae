import { Inject, Injectable } from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { HistoryResult, Message } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import { newestWithin, oldestWithin } from '../limits/history-page.js';
import { MessageLog } from './message-log.js';
import { ReactionsService } from './reactions.service.js';
import { ReplyQuotes } from './reply-quotes.js';

export interface HistoryRequest {
  limit?: number;
  before?: number;
  after?: number;
}

/** What `room:join` answers of the history. */
export interface JoinHistory {
  history: Message[];
  latestSeq: number;
  complete: boolean;
}

/**
 * Reading a room's history: pages in both directions by `seq`, and the
 * history a join answers (the newest messages, or those after `since`),
 * each page bounded in messages and in bytes.
 */
@Injectable()
export class HistoryService {
  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    private readonly log: MessageLog,
    private readonly quotes: ReplyQuotes,
    private readonly reactions: ReactionsService,
  ) {}

  async page(
    room: string,
    { limit = this.options.historyLimit, before, after }: HistoryRequest = {},
  ): Promise<HistoryResult> {
    if (limit > this.options.historyLimit) {
      throw ChatError.validation([
        {
          field: 'limit',
          errors: [
            `limit must not be greater than ${this.options.historyLimit}`,
          ],
        },
      ]);
    }
    if (before !== undefined && after !== undefined) {
      throw ChatError.validation([
        {
          field: 'after',
          errors: ['before and after cannot be used together'],
        },
      ]);
    }
    const slice = await this.log.page(room, { limit, before, after });
    const messages = this.bounded(slice.messages, after !== undefined);
    const trimmed = messages.length < slice.messages.length;
    return {
      room,
      messages: await this.asReadNow(room, messages),
      hasMore: slice.hasMore || trimmed,
    };
  }

  /**
   * The history a join answers. While the store is away the join still
   * succeeds, without history (`complete: false`).
   */
  async forJoin(room: string, since?: number): Promise<JoinHistory> {
    try {
      const joined = await this.joinHistory(room, since);
      joined.history = await this.asReadNow(room, joined.history);
      return joined;
    } catch (error) {
      if (error instanceof ChatError && error.code === ErrorCode.Unavailable) {
        return { history: [], latestSeq: 0, complete: false };
      }
      throw error;
    }
  }

  private async joinHistory(
    room: string,
    since?: number,
  ): Promise<JoinHistory> {
    const limit = this.options.historyLimit;
    if (since !== undefined) {
      const slice = await this.log.page(room, { after: since, limit });
      if (since <= slice.latestSeq) {
        const history = this.bounded(slice.messages, true);
        const complete =
          !slice.hasMore &&
          history.length === slice.messages.length &&
          (history.length === 0
            ? since === slice.latestSeq
            : history[0].seq === since + 1);
        return {
          history,
          latestSeq: latestOf(slice.latestSeq, history),
          complete,
        };
      }
    }
    const slice = await this.log.page(room, { limit });
    const history = this.bounded(slice.messages, false);
    // A `since` past the newest seq: the room was forgotten and began again.
    const complete =
      since === undefined && (slice.latestSeq === 0 || history[0]?.seq === 1);
    return { history, latestSeq: latestOf(slice.latestSeq, history), complete };
  }

  /** Messages as they are now: quotes deleted since emptied, reactions on. */
  private async asReadNow(room: string, messages: Message[]) {
    return this.reactions.attach(await this.quotes.current(room, messages));
  }

  /** One page in bytes: the newest kept, or the oldest for a page towards newer messages. */
  private bounded(messages: Message[], towardsNewer: boolean): Message[] {
    const max = this.options.maxHistoryPageBytes;
    return towardsNewer
      ? oldestWithin(messages, max)
      : newestWithin(messages, max);
  }
}

/** The room's newest seq, also when a message came in after it was read. */
const latestOf = (latestSeq: number, history: Message[]) =>
  Math.max(latestSeq, history[history.length - 1]?.seq ?? 0);
