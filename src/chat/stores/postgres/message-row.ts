import type { Message, ReplyQuote } from '../../contract/events.js';

/** Message ids are UUIDs here: anything else names no message (and must not reach a `uuid` parameter). */
export const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A row of `chat_messages`, as `pg` returns it. */
export interface MessageRow {
  room: string;
  seq: string;
  id: string;
  user_id: string;
  nickname: string;
  body: string;
  at: string;
  client_message_id: string | null;
  edited_at: string | null;
  deleted_at: string | null;
  /** jsonb: `pg` parses it. */
  reply_to: ReplyQuote | null;
}

/** A stored row as the wire's `Message` (bigints as numbers, nulls left out). */
export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: row.id,
    room: row.room,
    from: { userId: row.user_id, nickname: row.nickname },
    text: row.body,
    at: Number(row.at),
    seq: Number(row.seq),
  };
  if (row.client_message_id !== null) {
    message.clientMessageId = row.client_message_id;
  }
  if (row.edited_at !== null) message.editedAt = Number(row.edited_at);
  if (row.deleted_at !== null) message.deletedAt = Number(row.deleted_at);
  if (row.reply_to) message.replyTo = row.reply_to;
  return message;
}
