import type { Member, RoomKind, RoomSummary } from '../../contract/events.js';
import {
  isDirectRoom,
  type AddOutcome,
  type MemberStore,
  type Membership,
} from '../member-store.interface.js';
import type { RoomPage } from '../rooms-store.interface.js';
import { pageOf } from './memory-rooms.store.js';

/** The default: memberships in this process's memory, for as long as it runs. */
export class MemoryMemberStore implements MemberStore {
  /** room → userId → member, in joining order (a Map keeps insertion order). */
  private readonly roomMembers = new Map<string, Map<string, Member>>();
  private readonly userRooms = new Map<string, Map<string, Membership>>();

  async add(
    room: string,
    kind: RoomKind,
    member: Member,
    joinedAt: number,
    maxRooms: number,
  ): Promise<AddOutcome> {
    const rooms =
      this.userRooms.get(member.userId) ?? new Map<string, Membership>();
    const members = this.roomMembers.get(room) ?? new Map<string, Member>();
    if (rooms.has(room)) return 'already';
    if (rooms.size >= maxRooms) return 'limit';
    rooms.set(room, { room, kind, joinedAt });
    members.set(member.userId, member);
    this.userRooms.set(member.userId, rooms);
    this.roomMembers.set(room, members);
    return 'added';
  }

  async remove(room: string, userId: string): Promise<Member | null> {
    const rooms = this.userRooms.get(userId);
    if (!rooms?.delete(room)) return null;
    if (rooms.size === 0) this.userRooms.delete(userId);
    const members = this.roomMembers.get(room);
    const member = members?.get(userId) ?? { userId, nickname: userId };
    members?.delete(userId);
    if (members?.size === 0) this.roomMembers.delete(room);
    return member;
  }

  async isMember(room: string, userId: string): Promise<boolean> {
    return this.userRooms.get(userId)?.has(room) ?? false;
  }

  async roomsOf(userId: string): Promise<Membership[]> {
    return [...(this.userRooms.get(userId)?.values() ?? [])];
  }

  async members(room: string, limit: number) {
    const members = this.roomMembers.get(room);
    if (!members) return { members: [], count: 0 };
    const page: Member[] = [];
    for (const member of members.values()) {
      if (page.length === limit) break;
      page.push(member);
    }
    return { members: page, count: members.size };
  }

  async memberCounts(rooms: string[]): Promise<number[]> {
    return rooms.map((room) => this.roomMembers.get(room)?.size ?? 0);
  }

  async rooms({ after, limit }: RoomPage): Promise<RoomSummary[]> {
    const names: string[] = [];
    for (const room of this.roomMembers.keys()) {
      if (!isDirectRoom(room) && (after === undefined || room > after)) {
        names.push(room);
      }
    }
    return pageOf(names, limit).map((room) => ({
      room,
      members: this.roomMembers.get(room)!.size,
    }));
  }

  async roomCount(): Promise<number> {
    let count = 0;
    for (const room of this.roomMembers.keys()) {
      if (!isDirectRoom(room)) count++;
    }
    return count;
  }
}
