import type { Redis } from 'ioredis';
import type { Member, RoomKind, RoomSummary } from '../../contract/events.js';
import {
  isDirectRoom,
  type AddOutcome,
  type MemberStore,
  type Membership,
} from '../member-store.interface.js';
import type { RoomPage } from '../rooms-store.interface.js';

// KEYS: the user's rooms (hash room → membership JSON), the room's members
// (sorted set by joining time), their nicknames (hash), the index of rooms
// that are not direct (sorted set, all scores 0: ordered by name).
// ARGV: room, userId, nickname, membership JSON, joinedAt, maxRooms, direct.
const ADD = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'already' end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return 'limit' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
if ARGV[7] == '0' then redis.call('ZADD', KEYS[4], 0, ARGV[1]) end
return 'added'`;

// The same KEYS; ARGV: room, userId. The member's nickname when a
// membership ended, else nil.
const REMOVE = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return false end
local nickname = redis.call('HGET', KEYS[3], ARGV[2]) or ARGV[2]
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('ZREM', KEYS[4], ARGV[1])
  redis.call('DEL', KEYS[3])
end
return nickname`;

interface MemberScripts extends Redis {
  chatAddMembership(...keysAndArgs: (string | number)[]): Promise<AddOutcome>;
  chatRemoveMembership(...keysAndArgs: string[]): Promise<string | null>;
}

/** Memberships shared by every instance, under the chat's key prefix. */
export class RedisMemberStore implements MemberStore {
  private readonly redis: MemberScripts;

  constructor(
    redis: Redis,
    private readonly prefix = 'chat:',
  ) {
    redis.defineCommand('chatAddMembership', { numberOfKeys: 4, lua: ADD });
    redis.defineCommand('chatRemoveMembership', {
      numberOfKeys: 4,
      lua: REMOVE,
    });
    this.redis = redis as MemberScripts;
  }

  private keys(room: string, userId: string): string[] {
    return [
      `${this.prefix}user:${userId}:memberships`,
      this.membersKey(room),
      `${this.prefix}room:${room}:member-names`,
      `${this.prefix}member-rooms`,
    ];
  }

  private membersKey(room: string) {
    return `${this.prefix}room:${room}:members`;
  }

  async add(
    room: string,
    kind: RoomKind,
    member: Member,
    joinedAt: number,
    maxRooms: number,
  ): Promise<AddOutcome> {
    const membership: Membership = { room, kind, joinedAt };
    return this.redis.chatAddMembership(
      ...this.keys(room, member.userId),
      room,
      member.userId,
      member.nickname,
      JSON.stringify(membership),
      joinedAt,
      maxRooms,
      isDirectRoom(room) ? '1' : '0',
    );
  }

  async remove(room: string, userId: string): Promise<Member | null> {
    const nickname = await this.redis.chatRemoveMembership(
      ...this.keys(room, userId),
      room,
      userId,
    );
    return nickname === null ? null : { userId, nickname };
  }

  async isMember(room: string, userId: string): Promise<boolean> {
    const [memberships] = this.keys(room, userId);
    return (await this.redis.hexists(memberships, room)) === 1;
  }

  async roomsOf(userId: string): Promise<Membership[]> {
    const [memberships] = this.keys('', userId);
    const entries = await this.redis.hvals(memberships);
    return entries.map((entry) => JSON.parse(entry) as Membership);
  }

  async members(room: string, limit: number) {
    const [, membersKey, namesKey] = this.keys(room, '');
    const result = await this.redis
      .multi()
      .zrange(membersKey, 0, limit - 1)
      .zcard(membersKey)
      .exec();
    const userIds = (result?.[0]?.[1] ?? []) as string[];
    const names =
      userIds.length > 0 ? await this.redis.hmget(namesKey, ...userIds) : [];
    return {
      members: userIds.map((userId, i) => ({
        userId,
        nickname: names[i] ?? userId,
      })),
      count: Number(result?.[1]?.[1] ?? 0),
    };
  }

  async memberCounts(rooms: string[]): Promise<number[]> {
    if (rooms.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const room of rooms) pipeline.zcard(this.membersKey(room));
    const counts = (await pipeline.exec()) ?? [];
    return rooms.map((_, i) => Number(counts[i]?.[1] ?? 0));
  }

  async rooms({ after, limit }: RoomPage): Promise<RoomSummary[]> {
    const names = await this.redis.zrangebylex(
      `${this.prefix}member-rooms`,
      after === undefined ? '-' : `(${after}`,
      '+',
      'LIMIT',
      0,
      limit,
    );
    const counts = await this.memberCounts(names);
    return names.map((room, i) => ({ room, members: counts[i] }));
  }

  async roomCount(): Promise<number> {
    return this.redis.zcard(`${this.prefix}member-rooms`);
  }
}
