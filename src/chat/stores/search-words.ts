import type { Message } from '../contract/events.js';

/**
 * The words of a text as search sees them: runs of letters and digits
 * (any script), lower-cased — what PostgreSQL's `simple` text search
 * configuration makes of plain words, so every store matches alike.
 */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether a kept, undeleted message has every one of `words` as a whole word. */
export function matchesAll(
  message: Message,
  words: readonly string[],
): boolean {
  if (message.deletedAt !== undefined) return false;
  const present = new Set(searchWords(message.text));
  return words.every((word) => present.has(word));
}
