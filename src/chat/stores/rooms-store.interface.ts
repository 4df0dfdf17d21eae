import type { Member, RoomSummary } from '../contract/events.js';

/**
 * Shared chat state: what every instance must agree on. Per-socket state
 * (which rooms a socket joined, its rate budget) stays in the instance that
 * holds the socket, so it is not here.
 *
 * A room exists while it has members; membership is per socket, and a user
 * counts once however many of its sockets are in the room. What is said in
 * rooms is the `MessageStore`'s.
 */
export interface RoomsStore {
  /**
   * Set when the store knows every member of every room in this process
   * (the in-memory store): an in-process history then forgets a room with
   * its last member.
   */
  readonly liveRooms?: LiveRooms;
  /** Adds the socket to the room; `firstOfUser` when the user was not in it before. */
  addMember(
    room: string,
    socketId: string,
    member: Member,
  ): Promise<{ firstOfUser: boolean }>;
  /** Removes the socket; `lastOfUser` when the user has no socket left in it. An emptied room is forgotten. */
  removeMember(
    room: string,
    socketId: string,
    member: Member,
  ): Promise<{ lastOfUser: boolean }>;
  /** Distinct users in the room, in joining order. */
  members(room: string): Promise<Member[]>;
  /**
   * Rooms whose name sorts after `after` (by UTF-16 code units, as `<`
   * compares strings), in that order, at most `limit`.
   */
  rooms(page: RoomPage): Promise<RoomSummary[]>;
  /** How many rooms exist (without listing them). */
  roomCount(): Promise<number>;

  /** Registers a socket; `firstOfUser` when the user had no other connected socket (on any instance). */
  addConnection(
    socketId: string,
    member: Member,
  ): Promise<{ firstOfUser: boolean }>;
  /** Forgets a socket; `lastOfUser` when it was the user's last connected one. */
  removeConnection(
    socketId: string,
    member: Member,
  ): Promise<{ lastOfUser: boolean }>;
  isUserConnected(userId: string): Promise<boolean>;
  /**
   * `isUserConnected` for many users at once, in their order, in one round
   * trip (member lists, a message's offline members). Optional: without it
   * each user is asked alone.
   */
  connectedOf?(userIds: string[]): Promise<boolean[]>;
  connectionCount(): Promise<number>;

  countMessage(): Promise<void>;
  /** `countMessage` done synchronously, where the store can (in memory): no promise per message. */
  countMessageNow?(): void;
  messageCount(): Promise<number>;

  /** Optional background work (heartbeats, clean-up of dead instances), started with the app. */
  start?(events: RoomsStoreEvents): Promise<void>;
  stop?(): Promise<void>;
}

export interface RoomPage {
  after?: string;
  limit: number;
}

/** What a store with background work reports to `RoomsService`. */
export interface RoomsStoreEvents {
  /** Members removed because the instance holding their sockets died; the rooms get `room:left`. */
  membersGone(gone: { room: string; member: Member }[]): void;
  /** Users whose last socket was on the instance that died: they are offline now. */
  usersGone(users: Member[]): void;
  /**
   * The store is reachable again after an outage and may have lost state:
   * this instance registers its connections and memberships again
   * (`addConnection` and `addMember` must therefore be idempotent per socket).
   */
  reconnected(): Promise<void>;
}

/** Injection token of the store; the same name as the interface, as in `@nestjs/throttler`. */
/** Rooms that exist now, and word of each that is forgotten. */
export interface LiveRooms {
  has(room: string): boolean;
  /** Calls `listener` with each room that is forgotten (its last member left). */
  onForgotten(listener: (room: string) => void): void;
}

export const RoomsStore = Symbol('RoomsStore');

/** Which of these users have a connected socket (on any instance), in their order. */
export function usersConnected(
  store: RoomsStore,
  userIds: string[],
): Promise<boolean[]> {
  if (store.connectedOf) return store.connectedOf(userIds);
  return Promise.all(userIds.map((userId) => store.isUserConnected(userId)));
}
