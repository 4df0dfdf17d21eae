import type { Member } from '../contract/events.js';

/** What a policy method answers: allowed, or not (sync or async). */
export type PolicyAnswer = boolean | Promise<boolean>;

/**
 * The host application's room access rules, asked after bans and mutes.
 * Each method may be left out (allowed). Refuse with `false` (the client
 * gets `FORBIDDEN` with a general message), or throw `ForbiddenException`
 * with a message of your own wording (the client gets `FORBIDDEN` with it).
 * Any other error is an `INTERNAL_ERROR`, logged.
 *
 * Give the class as the module's `policy` option and register it as a
 * provider in one of your modules: it is resolved through Nest's DI, so it
 * may inject your own services (a module that does not register it gets an
 * instance with only the chat's providers to inject).
 */
export interface ChatRoomPolicy {
  /** Before `room:join` (not asked again for a room the socket is already in). */
  canJoin?(user: Member, room: string): PolicyAnswer;
  /** Before `message:send` and `message:edit`. */
  canSend?(user: Member, room: string): PolicyAnswer;
  /** Before `room:history`. */
  canRead?(user: Member, room: string): PolicyAnswer;
}
