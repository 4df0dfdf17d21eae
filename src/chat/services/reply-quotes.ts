import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { Message, ReplyQuote } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import { QUOTE_MAX_LENGTH } from '../module/chat.constants.js';
import { MessageLog } from './message-log.js';

/** The first `QUOTE_MAX_LENGTH` characters (code points: never half a pair). */
function quoted(text: string): string {
  if (text.length <= QUOTE_MAX_LENGTH) return text;
  return Array.from(text).slice(0, QUOTE_MAX_LENGTH).join('');
}

/**
 * Replies: the quote a reply carries (taken when it is sent), and quotes
 * read back as they are now — a quoted message deleted since shows `""`.
 */
@Injectable()
export class ReplyQuotes {
  constructor(private readonly log: MessageLog) {}

  /** The quote of message `id` of `room`; `NOT_FOUND` unless it is kept and not deleted. */
  async quote(room: string, id: string): Promise<ReplyQuote> {
    const [found] = await this.log.findMany(room, [id]);
    if (!found || found.deletedAt !== undefined || found.seq === undefined) {
      throw new ChatError(
        ErrorCode.NotFound,
        'The message replied to is not in this room (or was deleted)',
      );
    }
    return {
      id: found.id,
      seq: found.seq,
      from: found.from,
      text: quoted(found.text),
    };
  }

  /** History as read now: the quotes of messages deleted since are `""` (one store call per page). */
  async current(room: string, messages: Message[]): Promise<Message[]> {
    const ids = new Set<string>();
    for (const message of messages) {
      if (message.replyTo && message.replyTo.text !== '') {
        ids.add(message.replyTo.id);
      }
    }
    if (ids.size === 0) return messages;
    const deleted = new Set(
      (await this.log.findMany(room, [...ids]))
        .filter((message) => message.deletedAt !== undefined)
        .map((message) => message.id),
    );
    if (deleted.size === 0) return messages;
    return messages.map((message) =>
      message.replyTo && deleted.has(message.replyTo.id)
        ? { ...message, replyTo: { ...message.replyTo, text: '' } }
        : message,
    );
  }
}
