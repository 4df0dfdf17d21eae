import type { Reaction } from '../contract/events.js';

/** What a toggle did: a change, nothing (already so), or a refusal (a new emoji past the cap). */
export type ToggleOutcome = 'changed' | 'unchanged' | 'limit';

/** A message carries at most this many different emoji. */
export const MAX_EMOJI_PER_MESSAGE = 20;
/** `userIds` lists at most this many of those who reacted. */
export const LISTED_REACTORS = 20;

/**
 * Reactions to room messages: per message, emoji and user, each counted
 * once however often or wherever it is added (the cap of emoji per
 * message checked in the same step, so two instances cannot pass it).
 * Whether the message exists is the caller's to check.
 */
export interface ReactionStore {
  /** The store lives in this process: it cannot be away, so its calls skip the outage deadline. */
  readonly inProcess?: boolean;
  toggle(
    room: string,
    messageId: string,
    userId: string,
    emoji: string,
    on: boolean,
  ): Promise<ToggleOutcome>;
  /** The reactions of those messages (of any rooms) that have any, by message id. */
  of(messages: MessageKey[]): Promise<Map<string, Reaction[]>>;
}

/** A message as the reaction stores find it. */
export interface MessageKey {
  room: string;
  id: string;
}

/** Injection token of the store; the same name as the interface. */
export const ReactionStore = Symbol('ReactionStore');

/** A message's reactions as the wire has them, from each emoji's users in order. */
export function reactionsOf(users: Iterable<[string, string[]]>): Reaction[] {
  return Array.from(users, ([emoji, ids]) => ({
    emoji,
    count: ids.length,
    userIds: ids.slice(0, LISTED_REACTORS),
  }));
}
