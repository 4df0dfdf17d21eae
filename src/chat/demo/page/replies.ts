// Replies: a "reply" button on room messages, the quote shown above a
// reply, and the composer's "replying to" until it is sent or cancelled.
import type { Message } from 'nest-chat-module/client';
import { el, input } from './dom.js';
import { state } from './state.js';

/** The quote above a reply (`""`: the quoted message was deleted since). */
export function quoteNode(message: Message): HTMLElement | null {
  const quote = message.replyTo;
  if (!quote) return null;
  return el(
    'div',
    { className: 'quote' },
    el('span', { className: 'quoted-from', textContent: quote.from.nickname }),
    ' ',
    el('span', {
      className: 'quoted-text',
      textContent: quote.text === '' ? 'message deleted' : quote.text,
    }),
  );
}

/** The button that makes the composer answer `message`. */
export function replyButton(
  message: Message,
  start: (message: Message) => void,
): HTMLElement {
  const reply = el('button', {
    type: 'button',
    className: 'reply',
    textContent: 'reply',
  });
  reply.onclick = () => start(message);
  return reply;
}

export function startReplying(message: Message): void {
  if (message.room === null) return;
  state.editing = null;
  state.replyingTo = {
    room: message.room,
    id: message.id,
    nickname: message.from.nickname,
  };
  input('message-input').focus();
}

/** The `replyTo` of the next send in `room`, if the composer answers a message there. */
export function replyToIn(room: string): string | undefined {
  return state.replyingTo?.room === room ? state.replyingTo.id : undefined;
}
