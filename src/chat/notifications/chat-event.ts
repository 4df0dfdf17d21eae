import type { Member, Message, MessageNewWebhook } from '../contract/events.js';

/**
 * What happened in the chat, as the host's own code sees it
 * (`RoomsService.events`): each event once, on the instance that accepted
 * it, after the store has it (committed, with a database).
 */
export type ChatEvent =
  /** A room message was accepted (the same body a webhook carries). */
  | MessageNewWebhook
  /** A message's text was changed by its author. */
  | { type: 'message.edited'; message: Message }
  /** A message was deleted (by its author or the host): its tombstone. */
  | { type: 'message.deleted'; message: Message }
  /** A signed-in user became a member of a room (`by`: someone else added it). */
  | { type: 'member.added'; room: string; member: Member; by?: Member }
  /** A signed-in user's membership ended (left, kicked, banned or removed by the host). */
  | { type: 'member.removed'; room: string; member: Member };

/** The names of the chat's host events. */
export type ChatEventType = ChatEvent['type'];
