// Reactions: the emoji under a message with their counts (a click toggles
// one's own), a 👍 button beside reply, and `message:reactions` applied live.
import type { Message } from 'nest-chat-module/client';
import { el } from './dom.js';
import { attempt, quietly } from './errors.js';
import { chat, state } from './state.js';

const isMineIn = (userIds: string[]) =>
  state.me !== null && userIds.includes(state.me.userId);

/** Adds the user's `emoji`, or removes it when the user has it. */
export function toggleReaction(message: Message, emoji: string): void {
  if (message.room === null) return;
  const mine = message.reactions?.find((r) => r.emoji === emoji);
  const on = !(mine && isMineIn(mine.userIds));
  const room = message.room;
  quietly(attempt(() => chat().react(room, message.id, emoji, on)));
}

/** The reactions under a message (none: nothing). */
export function reactionsNode(message: Message): HTMLElement | null {
  if (!message.reactions?.length) return null;
  return el(
    'div',
    { className: 'reactions' },
    ...message.reactions.map(({ emoji, count, userIds }) => {
      const chip = el('button', {
        type: 'button',
        className: 'reaction' + (isMineIn(userIds) ? ' mine' : ''),
        textContent: `${emoji} ${count}`,
      });
      chip.dataset.emoji = emoji;
      chip.onclick = () => toggleReaction(message, emoji);
      return chip;
    }),
  );
}

/** The quick 👍 beside reply. */
export function reactButton(message: Message): HTMLElement {
  const like = el('button', {
    type: 'button',
    className: 'react',
    textContent: '👍',
    title: 'react',
  });
  like.onclick = () => toggleReaction(message, '👍');
  return like;
}
