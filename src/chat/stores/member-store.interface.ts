import type { Member, RoomKind, RoomSummary } from '../contract/events.js';
import type { RoomPage } from './rooms-store.interface.js';

/** One room a signed-in user belongs to. */
export interface Membership {
  room: string;
  kind: RoomKind;
  /** When the user became a member (epoch ms): a quiet room's place in the inbox. */
  joinedAt: number;
}

/** What `MemberStore.add` did. */
export type AddOutcome = 'added' | 'already' | 'limit';

/**
 * Who belongs to which room, per user and not per socket: the members of
 * signed-in users, kept across disconnects, devices and instances (and
 * restarts, in PostgreSQL). Who is connected is the `RoomsStore`'s.
 *
 * Every call is idempotent, so an instance may repeat one after a timeout.
 */
export interface MemberStore {
  /**
   * Makes `member` a member of `room`, unless it is one already, or it
   * belongs to `maxRooms` rooms (`limit`: nothing changed). A member keeps
   * the nickname it had when it became one.
   */
  add(
    room: string,
    kind: RoomKind,
    member: Member,
    joinedAt: number,
    maxRooms: number,
  ): Promise<AddOutcome>;
  /** Ends the membership: the member it was (its nickname as kept), or `null` when there was none. */
  remove(room: string, userId: string): Promise<Member | null>;
  isMember(room: string, userId: string): Promise<boolean>;
  /** Every room of the user (at most its room limit). */
  roomsOf(userId: string): Promise<Membership[]>;
  /** The first `limit` members in joining order, and how many there are. */
  members(
    room: string,
    limit: number,
  ): Promise<{ members: Member[]; count: number }>;
  /** Member counts of several rooms, in their order (0 for a room without). */
  memberCounts(rooms: string[]): Promise<number[]>;
  /** Rooms that are not direct, with members, name after `after`, in code-unit order. */
  rooms(page: RoomPage): Promise<RoomSummary[]>;
  /** How many rooms that are not direct have members. */
  roomCount(): Promise<number>;
}

/** Injection token of the store; the same name as the interface. */
export const MemberStore = Symbol('MemberStore');

/** Whether a room name is a direct room's (only the server makes those). */
export const isDirectRoom = (room: string) => room.startsWith('dm:');
