import type { Message } from '../contract/events.js';
import type { MessageSearch } from './message-search.interface.js';
import type { MessageStore } from './message-store.interface.js';
import { matchesAll } from './search-words.js';

/**
 * Search by reading the room's kept window (the in-memory and Redis
 * stores keep at most the history limit per room): one page, scanned.
 */
export class WindowMessageSearch implements MessageSearch {
  constructor(
    private readonly messages: MessageStore,
    private readonly historyLimit: number,
  ) {}

  async search(room: string, words: string[], limit: number) {
    const { messages } = await this.messages.page(room, {
      limit: this.historyLimit,
    });
    const found: Message[] = [];
    for (let i = messages.length - 1; i >= 0 && found.length < limit; i--) {
      if (matchesAll(messages[i], words)) found.push(messages[i]);
    }
    return found;
  }
}
