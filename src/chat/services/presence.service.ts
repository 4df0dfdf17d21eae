import { Inject, Injectable } from '@nestjs/common';
import type { Member, MemberPresence } from '../contract/events.js';
import { MemberStore } from '../stores/member-store.interface.js';
import { RoomsStore, usersConnected } from '../stores/rooms-store.interface.js';
import { ChatDelivery } from './delivery.js';
import { MembersService } from './members.service.js';

/** `room:join` lists at most this many members. */
export const MEMBER_LIST_LIMIT = 500;
/** Members read to find the online ones of a large room (those first). */
const MEMBERS_SCANNED = 5000;

/**
 * Who of a room's members is online: `presence` when a signed-in user's
 * first socket connects or its last one goes (on any instance), and the
 * member lists `room:join` answers.
 */
@Injectable()
export class PresenceService {
  constructor(
    @Inject(RoomsStore) private readonly rooms: RoomsStore,
    @Inject(MemberStore) private readonly store: MemberStore,
    private readonly members: MembersService,
    private readonly delivery: ChatDelivery,
  ) {}

  /** Tells the other members of each room that `member` came online or went offline. */
  announce(member: Member, rooms: Iterable<string>, online: boolean): void {
    if (!this.members.enabled) return;
    for (const room of rooms) {
      this.delivery.deliver({
        to: { room },
        exceptUser: member.userId,
        event: 'presence',
        payload: { room, member, online },
      });
    }
  }

  /** `room:join`'s members: online ones first, at most 500, and the total. */
  async memberList(
    room: string,
  ): Promise<{ members: MemberPresence[]; memberCount: number }> {
    if (!this.members.enabled) {
      // A nickname user is a socket: every member is online.
      const sockets = await this.rooms.members(room);
      return {
        members: sockets
          .slice(0, MEMBER_LIST_LIMIT)
          .map((member) => ({ ...member, online: true })),
        memberCount: sockets.length,
      };
    }
    const { members, count } = await this.store.members(room, MEMBERS_SCANNED);
    const online = await usersConnected(
      this.rooms,
      members.map((member) => member.userId),
    );
    const listed = members.map((member, i) => ({
      ...member,
      online: online[i],
    }));
    return {
      members: [
        ...listed.filter((member) => member.online),
        ...listed.filter((member) => !member.online),
      ].slice(0, MEMBER_LIST_LIMIT),
      memberCount: count,
    };
  }
}
