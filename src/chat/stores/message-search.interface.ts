import type { Message } from '../contract/events.js';

/**
 * `room:search` over what a room keeps: its undeleted messages that have
 * every one of `words` (from `searchWords`) as a whole word, newest first.
 */
export interface MessageSearch {
  search(room: string, words: string[], limit: number): Promise<Message[]>;
}

/** Injection token of the search; the same name as the interface. */
export const MessageSearch = Symbol('MessageSearch');
