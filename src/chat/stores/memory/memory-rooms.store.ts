import type { Member, RoomSummary } from '../../contract/events.js';
import type {
  LiveRooms,
  RoomPage,
  RoomsStore,
} from '../rooms-store.interface.js';

interface RoomUser {
  member: Member;
  sockets: number;
}

interface RoomState {
  sockets: Set<string>;
  users: Map<string, RoomUser>;
}

/** The default store: everything in this process's memory. */
export class MemoryRoomsStore implements RoomsStore, LiveRooms {
  readonly liveRooms: LiveRooms = this;
  private readonly roomStates = new Map<string, RoomState>();
  /** userId → how many of its sockets are connected (a count, not a set: one entry per idle user). */
  private readonly userSockets = new Map<string, number>();
  private readonly connections = new Set<string>();
  private messages = 0;
  private readonly forgotten: ((room: string) => void)[] = [];

  async addMember(room: string, socketId: string, member: Member) {
    let state = this.roomStates.get(room);
    if (!state) {
      state = { sockets: new Set(), users: new Map() };
      this.roomStates.set(room, state);
    }
    if (state.sockets.has(socketId)) return { firstOfUser: false };
    state.sockets.add(socketId);
    const user = state.users.get(member.userId);
    if (user) {
      user.sockets++;
      return { firstOfUser: false };
    }
    state.users.set(member.userId, { member, sockets: 1 });
    return { firstOfUser: true };
  }

  async removeMember(room: string, socketId: string, member: Member) {
    const state = this.roomStates.get(room);
    if (!state?.sockets.delete(socketId)) return { lastOfUser: false };
    const user = state.users.get(member.userId);
    let lastOfUser = false;
    if (user && --user.sockets === 0) {
      state.users.delete(member.userId);
      lastOfUser = true;
    }
    if (state.sockets.size === 0) {
      this.roomStates.delete(room);
      for (const listener of this.forgotten) listener(room);
    }
    return { lastOfUser };
  }

  async members(room: string): Promise<Member[]> {
    const state = this.roomStates.get(room);
    return state ? Array.from(state.users.values(), (u) => u.member) : [];
  }

  async rooms({ after, limit }: RoomPage): Promise<RoomSummary[]> {
    // One pass over the rooms; only the page is sorted.
    const names: string[] = [];
    for (const room of this.roomStates.keys()) {
      if (after === undefined || room > after) names.push(room);
    }
    return pageOf(names, limit).map((room) => ({
      room,
      members: this.roomStates.get(room)!.users.size,
    }));
  }

  async roomCount(): Promise<number> {
    return this.roomStates.size;
  }

  has(room: string): boolean {
    return this.roomStates.has(room);
  }

  onForgotten(listener: (room: string) => void): void {
    this.forgotten.push(listener);
  }

  async addConnection(socketId: string, member: Member) {
    if (this.connections.has(socketId)) return { firstOfUser: false };
    this.connections.add(socketId);
    const sockets = this.userSockets.get(member.userId) ?? 0;
    this.userSockets.set(member.userId, sockets + 1);
    return { firstOfUser: sockets === 0 };
  }

  async removeConnection(socketId: string, member: Member) {
    if (!this.connections.delete(socketId)) return { lastOfUser: false };
    const sockets = (this.userSockets.get(member.userId) ?? 1) - 1;
    if (sockets === 0) this.userSockets.delete(member.userId);
    else this.userSockets.set(member.userId, sockets);
    return { lastOfUser: sockets === 0 };
  }

  async isUserConnected(userId: string) {
    return this.userSockets.has(userId);
  }

  async connectedOf(userIds: string[]) {
    return userIds.map((userId) => this.userSockets.has(userId));
  }

  async connectionCount() {
    return this.connections.size;
  }

  async countMessage() {
    this.countMessageNow();
  }

  countMessageNow() {
    this.messages++;
  }

  async messageCount() {
    return this.messages;
  }

  /** Entries held, for leak checks in tests and metrics. */
  size(): { rooms: number; users: number; connections: number } {
    return {
      rooms: this.roomStates.size,
      users: this.userSockets.size,
      connections: this.connections.size,
    };
  }
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The first `limit` names in code-unit order. */
export function pageOf(names: string[], limit: number): string[] {
  return names.sort(byCodeUnits).slice(0, limit);
}
