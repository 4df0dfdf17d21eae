import { Inject, Injectable } from '@nestjs/common';
import {
  MessageStore,
  type AppendOutcome,
  type HistoryQuery,
  type MessageChange,
  type MessageDraft,
} from '../stores/message-store.interface.js';
import { OutageGuard } from './outage-guard.js';

/**
 * The rules' way to the `MessageStore`: a store that fails or does not
 * answer in time is an outage, answered `UNAVAILABLE` (`OutageGuard`).
 */
@Injectable()
export class MessageLog {
  /** The in-process store cannot be away: its calls skip the deadline. */
  private readonly guard: OutageGuard | null;

  constructor(@Inject(MessageStore) private readonly store: MessageStore) {
    this.guard = store.inProcess
      ? null
      : new OutageGuard(
          'MessageStore',
          'message store',
          'sends, edits, reads and history answer UNAVAILABLE',
        );
  }

  append(draft: MessageDraft) {
    return this.run(this.store.append(draft));
  }

  /** `append` done synchronously, or `undefined` when the store cannot. */
  appendNow(draft: MessageDraft): AppendOutcome | null | undefined {
    return this.guard ? undefined : this.store.appendNow?.(draft);
  }

  findByClientId(room: string, userId: string, clientMessageId: string) {
    return this.run(this.store.findByClientId(room, userId, clientMessageId));
  }

  findMany(room: string, ids: string[]) {
    return this.run(this.store.findMany(room, ids));
  }

  page(room: string, query: HistoryQuery) {
    return this.run(this.store.page(room, query));
  }

  change(room: string, id: string, change: MessageChange, authorId?: string) {
    return this.run(this.store.change(room, id, change, authorId));
  }

  markRead(room: string, userId: string, seq: number) {
    return this.run(this.store.markRead(room, userId, seq));
  }

  readState(room: string, userId: string) {
    return this.run(this.store.readState(room, userId));
  }

  private run<T>(work: Promise<T>): Promise<T> {
    return this.guard ? this.guard.run(work) : work;
  }
}
