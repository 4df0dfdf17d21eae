import type { Message } from '../contract/events.js';

/** JSON around a message besides its text and nickname: keys, id, room, timestamps. */
const MESSAGE_OVERHEAD = 200;
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const NEEDS_ESCAPING = /[\u0000-\u001f"\\]/;

/** About how many bytes of JSON a string takes (control characters escape to 6). */
const jsonLength = (text: string) =>
  NEEDS_ESCAPING.test(text) ? JSON.stringify(text).length : text.length + 2;

/**
 * The newest of `messages` (oldest first) whose JSON fits in `maxBytes`,
 * still oldest first: one page of history is bounded in bytes, not only in
 * messages (2,000 control characters are 12 kB on the wire). The newest
 * message is always kept.
 */
export function newestWithin(messages: Message[], maxBytes: number): Message[] {
  let bytes = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    bytes += sizeOf(messages[i]);
    if (bytes > maxBytes && i < messages.length - 1) {
      return messages.slice(i + 1);
    }
  }
  return messages;
}

/** As `newestWithin`, keeping the oldest instead (a page towards newer messages). */
export function oldestWithin(messages: Message[], maxBytes: number): Message[] {
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    bytes += sizeOf(messages[i]);
    if (bytes > maxBytes && i > 0) return messages.slice(0, i);
  }
  return messages;
}

const sizeOf = (message: Message) =>
  MESSAGE_OVERHEAD +
  jsonLength(message.text) +
  jsonLength(message.from.nickname);
