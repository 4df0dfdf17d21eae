import type { Reaction } from '../../contract/events.js';
import {
  MAX_EMOJI_PER_MESSAGE,
  reactionsOf,
  type MessageKey,
  type ReactionStore,
  type ToggleOutcome,
} from '../reaction-store.interface.js';
import type { LiveRooms } from '../rooms-store.interface.js';

/** message id → emoji (in the order first added) → users (in order). */
type RoomReactions = Map<string, Map<string, Set<string>>>;

/**
 * Reactions in this process. A room's go with the room (when the rooms
 * store forgets it); per room at most `keptMessages` messages have any,
 * the ones reacted to longest ago dropped first (they have left the kept
 * history by then).
 */
export class MemoryReactionStore implements ReactionStore {
  readonly inProcess = true;
  private readonly rooms = new Map<string, RoomReactions>();

  constructor(
    private readonly keptMessages: number,
    liveRooms?: LiveRooms,
  ) {
    liveRooms?.onForgotten((room) => this.rooms.delete(room));
  }

  async toggle(
    room: string,
    messageId: string,
    userId: string,
    emoji: string,
    on: boolean,
  ): Promise<ToggleOutcome> {
    let messages = this.rooms.get(room);
    const emojis = messages?.get(messageId);
    const users = emojis?.get(emoji);
    if (!on) {
      if (!users?.delete(userId)) return 'unchanged';
      if (users.size === 0) emojis!.delete(emoji);
      if (emojis!.size === 0) messages!.delete(messageId);
      return 'changed';
    }
    if (users?.has(userId)) return 'unchanged';
    if (!users && (emojis?.size ?? 0) >= MAX_EMOJI_PER_MESSAGE) return 'limit';
    if (!messages)
      this.rooms.set(room, (messages = new Map() as RoomReactions));
    let byEmoji = emojis;
    if (!byEmoji) {
      messages.set(messageId, (byEmoji = new Map<string, Set<string>>()));
      if (messages.size > this.keptMessages) {
        messages.delete(messages.keys().next().value!);
      }
    }
    let reactors = users;
    if (!reactors) byEmoji.set(emoji, (reactors = new Set()));
    reactors.add(userId);
    return 'changed';
  }

  async of(messages: MessageKey[]) {
    const found = new Map<string, Reaction[]>();
    for (const { room, id } of messages) {
      const emojis = this.rooms.get(room)?.get(id);
      if (emojis) {
        found.set(
          id,
          reactionsOf(
            Array.from(emojis, ([emoji, users]) => [emoji, [...users]]),
          ),
        );
      }
    }
    return found;
  }
}
