import { randomUUID } from 'node:crypto';
import type { Member, Message } from '../contract/events.js';
import type { MessageDraft } from '../stores/message-store.interface.js';

/** A new message: a room's draft (its seq comes from the store), or a message without a room. */
export function createMessage(
  room: string,
  from: Member,
  text: string,
  clientMessageId?: string,
): MessageDraft;
export function createMessage(room: null, from: Member, text: string): Message;
export function createMessage(
  room: string | null,
  from: Member,
  text: string,
  clientMessageId?: string,
): Message {
  const message: Message = {
    id: randomUUID(),
    room,
    from,
    text,
    at: Date.now(),
  };
  if (clientMessageId !== undefined) message.clientMessageId = clientMessageId;
  return message;
}

/** Who a host's post is from, and its idempotency key. */
export interface PublishOptions {
  /** Default: the system member. */
  from?: Member;
  clientMessageId?: string;
}
