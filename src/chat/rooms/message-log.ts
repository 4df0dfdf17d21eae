import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError } from '../errors/chat.error.js';
import { MemoryMessageStore } from '../store/memory-message.store.js';
import {
  MessageStore,
  type HistoryQuery,
  type MessageDraft,
} from '../store/message-store.interface.js';

/** A store call not answered by then counts as an outage: the contract answers within 5 s. */
const DEADLINE_MS = 4000;

/**
 * The rules' way to the `MessageStore`: a store that fails or does not
 * answer in time is an outage, answered `UNAVAILABLE`, and said once in the
 * log when it starts and once when it ends (not once per event).
 */
@Injectable()
export class MessageLog {
  private readonly logger = new Logger('MessageStore');
  /** The in-process store cannot be away: its calls skip the deadline. */
  private readonly guarded: boolean;
  private down = false;

  constructor(@Inject(MessageStore) private readonly store: MessageStore) {
    this.guarded = !(store instanceof MemoryMessageStore);
  }

  append(draft: MessageDraft) {
    return this.guard(this.store.append(draft));
  }

  findByClientId(room: string, userId: string, clientMessageId: string) {
    return this.guard(this.store.findByClientId(room, userId, clientMessageId));
  }

  page(room: string, query: HistoryQuery) {
    return this.guard(this.store.page(room, query));
  }

  private async guard<T>(work: Promise<T>): Promise<T> {
    if (!this.guarded) return work;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${DEADLINE_MS} ms`)),
        DEADLINE_MS,
      );
    });
    work.catch(() => undefined); // a late failure after the deadline is not unhandled
    try {
      const result = await Promise.race([work, deadline]);
      if (this.down) {
        this.down = false;
        this.logger.log('The message store answers again');
      }
      return result;
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.logger.warn(
          `The message store is unavailable (${error instanceof Error ? error.message : String(error)}): sends and history answer UNAVAILABLE until it is back`,
        );
      }
      throw new ChatError(ErrorCode.Unavailable);
    } finally {
      clearTimeout(timer);
    }
  }
}
